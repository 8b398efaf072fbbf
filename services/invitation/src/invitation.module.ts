import type { InvitationSettings } from './invitation.settings';
import { type DynamicModule, Module } from '@nestjs/common';
import { OutboxService, portProviders, type ServicePorts } from '@studio/service-kit';
import { ClientEventsConsumer } from './invitations/client-events.consumer';
import { ExpirySweepService } from './invitations/expiry-sweep.service';
import { InvitationRequestsController } from './invitations/invitation-requests.controller';
import { InvitationsRepository } from './invitations/invitations.repository';
import { StudioDirectory } from './invitations/studio-directory';
import { SweepNowController } from './invitations/sweep-now.controller';

export function invitationModule(ports: ServicePorts<InvitationSettings>): DynamicModule {
  @Module({
    controllers: [ClientEventsConsumer, InvitationRequestsController, SweepNowController],
    providers: [
      ...portProviders(ports),
      InvitationsRepository,
      StudioDirectory,
      OutboxService,
      ExpirySweepService,
    ],
  })
  class InvitationModule {}
  return { module: InvitationModule };
}
