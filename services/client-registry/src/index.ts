import type { ServiceDefinition } from '@studio/service-kit';
import { clientRegistryMigrations } from './client-registry.migrations';
import { ClientRegistryModule } from './client-registry.module';

export const clientRegistryService: ServiceDefinition = {
  name: 'client-registry',
  migrations: clientRegistryMigrations,
  module: (ports) => ClientRegistryModule.register(ports),
};
