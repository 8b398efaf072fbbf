import type { ServiceDefinition } from '@studio/service-kit';
import { projectsMigrations } from './projects.migrations';
import { ProjectsModule } from './projects.module';

export const projectsService: ServiceDefinition = {
  name: 'projects',
  migrations: projectsMigrations,
  settings: () => ({}),
  module: (ports) => ProjectsModule.register(ports),
};
