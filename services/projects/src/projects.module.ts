import { type DynamicModule, Module } from '@nestjs/common';
import {
  eventStoreProviders,
  portProviders,
  READ_MODEL_STORE,
  type ReadModelStore,
  readModelStoreProviders,
  type ServicePorts,
} from '@studio/service-kit';
import { ProjectCommandHandler } from './projects/project-command.handler';
import { ProjectsController } from './projects/projects.controller';
import { MongoProjectMemberships } from './read-model/mongo-project-memberships.repository';
import {
  PROJECT_MEMBERSHIPS,
  type ProjectMembershipsRepository,
} from './read-model/project-memberships.repository';
import { ProjectEventsController } from './read-model/project-events.controller';
import { ProjectsReader } from './read-model/projects.reader';
import { ReadModelWriter } from './read-model/read-model.writer';
import { SqlProjectMemberships } from './read-model/sql-project-memberships.repository';
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
        ...readModelStoreProviders(ports),
        {
          // The read model's adapter, by DOCUMENTS_URL (the Mongo one makes its indexes first).
          provide: PROJECT_MEMBERSHIPS,
          inject: [READ_MODEL_STORE],
          useFactory: (
            store: ReadModelStore,
          ): ProjectMembershipsRepository | Promise<ProjectMembershipsRepository> =>
            store.kind === 'mongo'
              ? MongoProjectMemberships.open(store.client, store.db)
              : new SqlProjectMemberships(store.db),
        },
        ProjectCommandHandler,
        ProjectsReader,
        ReadModelWriter,
        ProjectsRebuild,
      ],
    };
  }
}
