import { type IdentitySettings, readIdentitySettings } from './identity.settings';
import type { ServiceDefinition } from '@studio/service-kit';
import { identityMigrations } from './identity.migrations';
import { identityModule } from './identity.module';

/** Studios, accounts, credentials, sessions, sign-in throttling and password resets. */
export const identityService: ServiceDefinition<IdentitySettings> = {
  name: 'identity',
  sealsLinks: true,
  migrations: identityMigrations,
  settings: readIdentitySettings,
  module: identityModule,
};
