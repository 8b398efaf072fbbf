import { runService } from '@studio/service-kit';
import { invitationService } from './index';

void runService(invitationService);
