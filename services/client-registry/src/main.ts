import { runService } from '@studio/service-kit';
import { clientRegistryService } from './index';

void runService(clientRegistryService);
