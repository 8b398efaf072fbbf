import type { Migration } from '@studio/sql';

/**
 * The registry keeps no tables of its own in its schema: the event store migrates its own schema, and the
 * publisher's lease and checkpoint are among the messaging tables every service gets.
 */
export const clientRegistryMigrations: readonly Migration[] = [];
