import { runService } from '@studio/service-kit';
import { projectsService } from './index';

void runService(projectsService);
