import type { ServiceDefinition } from '@studio/service-kit';
import { clientRegistryService } from '@studio/service-client-registry';
import { gatewayService } from '@studio/service-gateway';
import { identityService } from '@studio/service-identity';
import { invitationService } from '@studio/service-invitation';
import { notificationService } from '@studio/service-notification';
import { projectorService } from '@studio/service-projector';
import { projectsService } from '@studio/service-projects';

/** Every service, in start order: the gateway last, so it opens its port when the others answer. */
export const ALL_SERVICES: readonly ServiceDefinition[] = [
  clientRegistryService,
  identityService,
  invitationService,
  notificationService,
  projectorService,
  projectsService,
  gatewayService,
];
