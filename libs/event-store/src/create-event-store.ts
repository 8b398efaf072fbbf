import { createDatabase, parseDatabaseUrl, type SqlDatabase } from '@studio/sql';
import { type EventStore } from './event-store.port';
import { KurrentEventStore } from './kurrent/kurrent-event-store';
import { isKurrentUrl } from './kurrent/kurrent-url';
import { SqlEventStore } from './sql-event-store';

export interface CreateEventStoreOptions {
  /** PostgreSQL schema for the event store's tables, on KurrentDB its streams' prefix (default `event_store`). */
  readonly schema?: string;
  /** Pooled connections on PostgreSQL (appends and reads); LISTEN takes one more. */
  readonly poolSize?: number;
}

const DEFAULT_SCHEMA = 'event_store';

/**
 * Picks the adapter by URL: `postgres://…` or `postgresql://…` (PostgreSQL), `pglite://memory` (PGlite in memory),
 * `pglite://<directory>` (PGlite on disk; relative to the working directory unless absolute), `kurrentdb://…`,
 * `esdb://…` or their `+discover` forms (KurrentDB; fails at once when the server does not answer).
 */
export async function createEventStore(
  url: string,
  options: CreateEventStoreOptions = {},
): Promise<EventStore> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (isKurrentUrl(url)) return KurrentEventStore.connect(url, schema);
  const usage =
    'event store URL must be postgres://…, postgresql://…, kurrentdb://…, esdb://…, pglite://memory or pglite://<directory>';
  if (url === 'pglite://') throw new Error(`${usage}; got pglite:// without a location`);
  try {
    parseDatabaseUrl(url);
  } catch {
    // Only the scheme is echoed: the URL may carry a password.
    throw new Error(`${usage}; got scheme ${/^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)'}`);
  }
  const db = await createDatabase(url, {
    schema,
    applicationName: 'event-store',
    genericPlans: true,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  });
  return new SqlEventStore(db, { schema });
}

/** The event store on a database opened elsewhere and left open on close (the embedded mode's one PGlite). */
export function eventStoreOn(db: SqlDatabase, options: { schema?: string } = {}): EventStore {
  return new SqlEventStore(db, { schema: options.schema ?? DEFAULT_SCHEMA, closesDatabase: false });
}
