import { type ClientRegistrySettings, readClientRegistrySettings } from './client-registry.settings';
import type { ServiceDefinition } from '@studio/service-kit';
import { clientRegistryMigrations } from './client-registry.migrations';
import { ClientRegistryModule } from './client-registry.module';

export const clientRegistryService: ServiceDefinition<ClientRegistrySettings> = {
  name: 'client-registry',
  migrations: clientRegistryMigrations,
  settings: readClientRegistrySettings,
  module: (ports) => ClientRegistryModule.register(ports),
};
