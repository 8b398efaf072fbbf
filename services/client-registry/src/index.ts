import { type ClientRegistrySettings, readClientRegistrySettings } from './client-registry.settings';
import { DEFAULT_CHECKOUT_SUBJECT } from '@studio/contracts';
import type { ServiceDefinition } from '@studio/service-kit';
import { clientRegistryMigrations } from './client-registry.migrations';
import { ClientRegistryModule } from './client-registry.module';

export const clientRegistryService: ServiceDefinition<ClientRegistrySettings> = {
  name: 'client-registry',
  migrations: clientRegistryMigrations,
  settings: readClientRegistrySettings,
  // The checkout's subject is CHECKOUT_SUBJECT's, not the handler's default.
  durableSubjects: (settings) => ({ [DEFAULT_CHECKOUT_SUBJECT]: settings.checkoutSubject }),
  module: (ports) => ClientRegistryModule.register(ports),
};
