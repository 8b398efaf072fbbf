import type { ServiceDefinition } from '@studio/service-kit';
import { invitationMigrations } from './invitation.migrations';
import { invitationModule } from './invitation.module';

export const invitationService: ServiceDefinition = {
  name: 'invitation',
  migrations: invitationMigrations,
  module: invitationModule,
};
