import path from 'node:path';
import { type EventStore } from './event-store.port';
import { createPgliteEventStore } from './pglite-event-store';
import { createPostgresEventStore } from './postgres-event-store';

export interface CreateEventStoreOptions {
  /** PostgreSQL schema for the event store's tables (default `event_store`). */
  readonly schema?: string;
}

const PGLITE = 'pglite://';

/**
 * Picks the adapter by URL: `postgres://…` or `postgresql://…` (PostgreSQL), `pglite://memory` (PGlite in memory),
 * `pglite://<directory>` (PGlite on disk; relative to the working directory unless absolute).
 */
export async function createEventStore(
  url: string,
  options: CreateEventStoreOptions = {},
): Promise<EventStore> {
  if (/^postgres(ql)?:\/\//.test(url)) return createPostgresEventStore({ connectionString: url, ...options });
  if (url.startsWith(PGLITE) && url.length > PGLITE.length) {
    const location = url.slice(PGLITE.length);
    return createPgliteEventStore({
      ...options,
      dataDir: location === 'memory' ? undefined : path.resolve(location),
    });
  }
  // Only the scheme is echoed: the URL may carry a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  throw new Error(
    `event store URL must be postgres://…, postgresql://…, pglite://memory or pglite://<directory>; got scheme ${scheme}`,
  );
}
