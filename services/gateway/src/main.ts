import { runService } from '@studio/service-kit';
import { gatewayService } from './index';

void runService(gatewayService);
