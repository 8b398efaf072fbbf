import { type DynamicModule, Module } from '@nestjs/common';
import { portProviders, type ServicePorts, eventStoreProviders } from '@studio/service-kit';
import { ProjectCommandHandler } from './projects/project-command.handler';
import { ProjectsController } from './projects/projects.controller';
import { ProjectEventsController } from './read-model/project-events.controller';
import { ProjectsReader } from './read-model/projects.reader';
import { ReadModelWriter } from './read-model/read-model.writer';
import { ProjectsRebuild } from './rebuild/projects-rebuild';
import { RebuildController } from './rebuild/rebuild.controller';

@Module({})
export class ProjectsModule {
  static register(ports: ServicePorts<unknown>): DynamicModule {
    return {
      module: ProjectsModule,
      controllers: [ProjectsController, ProjectEventsController, RebuildController],
      providers: [
        ...portProviders(ports),
        ...eventStoreProviders(ports),
        ProjectCommandHandler,
        ProjectsReader,
        ReadModelWriter,
        ProjectsRebuild,
      ],
    };
  }
}
