import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Db, MongoClient } from 'mongodb';
import type { SqlDatabase } from '@studio/sql';
import type { ServicePorts } from '../service-definition';
import { isMongoUrl, parseMongoUrl, serviceDatabase } from './mongo-url';

/**
 * Where a service keeps its read models (DOCUMENTS_URL): its own SQL database (PostgreSQL or PGlite, the one
 * the rest of its state is in), or a MongoDB database of its own. Each read model picks its repository's
 * adapter by `kind`.
 */
export type ReadModelStore =
  | { readonly kind: 'sql'; readonly db: SqlDatabase }
  | { readonly kind: 'mongo'; readonly db: Db; readonly client: MongoClient };

export const READ_MODEL_STORE = Symbol('ReadModelStore');

/** MongoDB did not answer at start (or cannot run transactions): a setting or an outage, told in one line. */
export class DocumentStoreUnreachableError extends Error {
  constructor(endpoint: string, reason: string) {
    super(`cannot use MongoDB at ${endpoint} (${reason}); check DOCUMENTS_URL and that the server is up`);
  }
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Connects to MongoDB and checks it can hold the read models: it answers within 5 s (`timeoutMs`), and it is a replica set
 * (or a sharded cluster's router), since a read model's documents and its checkpoint are written in one
 * transaction. The driver is loaded only here: a service on PostgreSQL never loads it.
 */
export async function connectMongo(
  url: string,
  database: string,
  timeoutMs = CONNECT_TIMEOUT_MS,
): Promise<ReadModelStore & { kind: 'mongo' }> {
  const { endpoint } = parseMongoUrl(url);
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    const hello = await client.db('admin').command({ hello: 1 });
    if (typeof hello.setName !== 'string' && hello.msg !== 'isdbgrid')
      throw new Error(
        'a standalone server: read models need transactions, so a replica set (one node will do: mongod --replSet rs0, then rs.initiate())',
      );
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new DocumentStoreUnreachableError(endpoint, error instanceof Error ? error.message : String(error));
  }
  return { kind: 'mongo', client, db: client.db(database) };
}

/** The read models' store of a service: MongoDB when DOCUMENTS_URL is `mongodb://…`, else its own database. */
export const readModelStoreProviders = (ports: ServicePorts<unknown>): Provider[] => [
  {
    provide: READ_MODEL_STORE,
    useFactory: async (): Promise<ReadModelStore> => {
      const url = ports.common.documentsUrl;
      if (url === undefined || !isMongoUrl(url)) return { kind: 'sql', db: ports.db };
      return connectMongo(url, serviceDatabase(parseMongoUrl(url), ports.name));
    },
  },
  ReadModelStoreCloser,
];

@Injectable()
export class ReadModelStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.store.kind === 'mongo') await this.store.client.close();
  }
}
