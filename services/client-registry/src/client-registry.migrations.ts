import { Lease, publisherCheckpointMigration } from '@studio/messaging';
import type { Migration } from '@studio/sql';

/** The registry's own tables: the publisher's lease and checkpoint. The event store migrates its own schema. */
export const clientRegistryMigrations: readonly Migration[] = [
  { id: 1, sql: Lease.migration.sql },
  { id: 2, sql: publisherCheckpointMigration.sql },
];
