import type { ServiceDefinition } from '@studio/service-kit';
import { projectorMigrations } from './projector.migrations';
import { ProjectorModule } from './projector.module';

export const projectorService: ServiceDefinition = {
  name: 'projector',
  migrations: projectorMigrations,
  settings: () => ({}),
  module: (ports) => ProjectorModule.register(ports),
};
