import { runService } from '@studio/service-kit';
import { identityService } from './index';

void runService(identityService);
