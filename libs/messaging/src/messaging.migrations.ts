import type { Migration } from '@studio/sql';
import { publisherCheckpointMigration } from './event-store.publisher';
import { Lease } from './lease';
import { outboxMigration } from './outbox';
import { streamGateMigration } from './stream-gate';

/**
 * The tables every service's messaging may use, in its own schema: leases, the outbox, the event publisher's
 * checkpoint, the ordered consumers' gates. Each is idempotent, so a database whose service created one of
 * them under its own name before takes it as it is.
 */
export const messagingMigrations: readonly Migration[] = [
  Lease.migration,
  outboxMigration,
  publisherCheckpointMigration,
  streamGateMigration,
];
