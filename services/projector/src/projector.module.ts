import { type DynamicModule, Module } from '@nestjs/common';
import {
  portProviders,
  READ_MODEL_STORE,
  type ReadModelStore,
  readModelStoreProviders,
  type ServicePorts,
} from '@studio/service-kit';
import { ClientIndexController } from './client-index/client-index.controller';
import { CLIENT_INDEX, type ClientIndexRepository } from './client-index/client-index.repository';
import { ClientIndexReader } from './client-index/client-index.reader';
import { ClientIndexWriter } from './client-index/client-index.writer';
import { MongoClientIndex } from './client-index/mongo-client-index.repository';
import { SqlClientIndex } from './client-index/sql-client-index.repository';
import { ClientIndexRebuild } from './rebuild/client-index-rebuild';
import { RebuildController } from './rebuild/rebuild.controller';

@Module({})
export class ProjectorModule {
  static register(ports: ServicePorts<unknown>): DynamicModule {
    return {
      module: ProjectorModule,
      controllers: [ClientIndexController, RebuildController],
      providers: [
        ...portProviders(ports),
        ...readModelStoreProviders(ports),
        {
          // The index's adapter, by DOCUMENTS_URL (the Mongo one makes its indexes first).
          provide: CLIENT_INDEX,
          inject: [READ_MODEL_STORE],
          useFactory: (store: ReadModelStore): ClientIndexRepository | Promise<ClientIndexRepository> =>
            store.kind === 'mongo'
              ? MongoClientIndex.open(store.client, store.db)
              : new SqlClientIndex(store.db),
        },
        ClientIndexReader,
        ClientIndexWriter,
        ClientIndexRebuild,
      ],
    };
  }
}
