import { runService } from '@studio/service-kit';
import { projectorService } from './index';

void runService(projectorService);
