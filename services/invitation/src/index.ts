import { type InvitationSettings, readInvitationSettings } from './invitation.settings';
import type { ServiceDefinition } from '@studio/service-kit';
import { invitationMigrations } from './invitation.migrations';
import { invitationModule } from './invitation.module';

export const invitationService: ServiceDefinition<InvitationSettings> = {
  name: 'invitation',
  sealsLinks: true,
  migrations: invitationMigrations,
  settings: readInvitationSettings,
  module: invitationModule,
};
