import type { Migration, SqlDatabase } from '@studio/sql';
import { GroupCommit } from './group-commit';

/**
 * Where each ordered consumer stands in each key's sequence (for events: each stream's version), shared by
 * every instance of the consumer. It is what keeps a client's events in order when several replicas take
 * messages from one durable consumer: a message is handled only when its predecessor has been.
 */
export interface StreamGate {
  /** The last sequence `consumer` handled for `key`, or -1. */
  lastHandled(consumer: string, key: string): Promise<number>;
  /** Records that `consumer` handled `key` up to `sequence` (never moves back). */
  advance(consumer: string, key: string, sequence: number): Promise<void>;
}

export const streamGateMigration: Migration = {
  id: 4,
  sql: `CREATE TABLE IF NOT EXISTS stream_gates (
          consumer text NOT NULL,
          stream_id text NOT NULL,
          version integer NOT NULL,
          PRIMARY KEY (consumer, stream_id))`,
};

/** Advances of every lane of a consumer go to the database together, gathered for up to 10 ms. */
const GATE_BATCHING = { lingerMs: 10 };

/** The gate in the consuming service's own database; reads and writes of concurrent lanes go in batches. */
export class SqlStreamGate implements StreamGate {
  private readonly reads = new Map<string, GroupCommit<string, number>>();
  private readonly writes = new Map<string, GroupCommit<{ key: string; sequence: number }, void>>();

  constructor(private readonly db: SqlDatabase) {}

  lastHandled(consumer: string, key: string): Promise<number> {
    return this.readerOf(consumer).run(key);
  }

  advance(consumer: string, key: string, sequence: number): Promise<void> {
    return this.writerOf(consumer).run({ key, sequence });
  }

  private readerOf(consumer: string): GroupCommit<string, number> {
    let reader = this.reads.get(consumer);
    if (!reader) {
      reader = new GroupCommit(async (keys) => {
        const { rows } = await this.db.query<{ stream_id: string; version: number }>(
          // Planned each time: the table grows by a row a client, and a plan kept from when it was small reads it all.
          { name: 'stream_gates.read', text: READ, plan: 'each-run' },
          [consumer, [...new Set(keys)]],
        );
        const versions = new Map(rows.map((row) => [row.stream_id, row.version]));
        return keys.map((key) => versions.get(key) ?? -1);
      });
      this.reads.set(consumer, reader);
    }
    return reader;
  }

  private writerOf(consumer: string): GroupCommit<{ key: string; sequence: number }, void> {
    let writer = this.writes.get(consumer);
    if (!writer) {
      writer = new GroupCommit<{ key: string; sequence: number }, void>(async (advances) => {
        // One row per key in a statement (ON CONFLICT may touch a row once): the highest sequence wins.
        const highest = new Map<string, number>();
        for (const { key, sequence } of advances)
          highest.set(key, Math.max(sequence, highest.get(key) ?? -1));
        await this.db.query({ name: 'stream_gates.advance', text: ADVANCE }, [
          consumer,
          [...highest.keys()],
          [...highest.values()],
        ]);
        return advances.map((): void => undefined);
      }, GATE_BATCHING);
      this.writes.set(consumer, writer);
    }
    return writer;
  }
}

const READ = `SELECT stream_id, version FROM stream_gates WHERE consumer = $1 AND stream_id = ANY($2::text[])`;
const ADVANCE = `INSERT INTO stream_gates (consumer, stream_id, version)
  SELECT $1, key, sequence FROM unnest($2::text[], $3::integer[]) AS advance(key, sequence)
  ON CONFLICT (consumer, stream_id) DO UPDATE SET version = EXCLUDED.version
  WHERE stream_gates.version < EXCLUDED.version`;
