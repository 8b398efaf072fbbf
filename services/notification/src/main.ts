import { runService } from '@studio/service-kit';
import { notificationService } from './index';

void runService(notificationService);
