import { migrate, type SqlDatabase } from '@studio/sql';
import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllPage,
  type RecordedEvent,
} from './event-store.port';
import { AppendNotifier } from './append-notifier';
import { eventStoreSql, type EventStoreSql } from './event-store.sql';
import { parsePosition } from './global-position';
import { appendEvents } from './sql-append';
import { readAllPage, readHead, readStreamEvents } from './sql-reads';

export interface SqlEventStoreOptions {
  /** PostgreSQL schema holding the tables (default `event_store`); e.g. a fresh one per test run. */
  readonly schema?: string;
  /** Whether `close()` closes `db` too: not when the database is shared (the embedded mode's one PGlite). */
  readonly closesDatabase?: boolean;
}

/** The event store on any `SqlDatabase`: PostgreSQL through `pg`, or PGlite in process, with the same SQL. */
export class SqlEventStore implements EventStore {
  private readonly sql: EventStoreSql;
  private readonly notifier: AppendNotifier;
  /** Watchers in this process hear of its own appends at once, without the NOTIFY round trip. */
  private readonly localWatchers = new Set<() => void>();

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: SqlEventStoreOptions = {},
  ) {
    this.sql = eventStoreSql(options.schema);
    this.notifier = new AppendNotifier(async () => {
      await db.query(this.sql.statements.notify, [this.sql.channel]);
    });
  }

  async migrate(): Promise<void> {
    await this.db.exec(`CREATE SCHEMA IF NOT EXISTS "${this.sql.schema}"`);
    await this.db.exec(this.sql.adoptLegacyLedger);
    await migrate(this.db, `event-store:${this.sql.schema}`, this.sql.migrations);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const result = await appendEvents(this.db, this.sql, streamId, events, options);
    for (const watcher of this.localWatchers) watcher();
    this.notifier.appended();
    return result;
  }

  readStream(streamId: string, options?: { fromVersion?: number }): Promise<readonly RecordedEvent[]> {
    return readStreamEvents(this.db, this.sql, streamId, options?.fromVersion);
  }

  readAll(options: ReadAllOptions): Promise<ReadAllPage> {
    return readAllPage(this.db, this.sql, options);
  }

  head(): Promise<GlobalPosition> {
    return readHead(this.db, this.sql);
  }

  async countAfter(from: GlobalPosition, cap: number): Promise<number> {
    const { txId, sequence } = parsePosition(from);
    const { rows } = await this.db.query<{ count: number }>(this.sql.statements.countAfter, [
      txId,
      sequence,
      cap,
    ]);
    return rows[0]?.count ?? 0;
  }

  async reservationOwner(scope: string, key: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ owner: string }>(this.sql.statements.reservationOwner, [
      scope,
      key,
    ]);
    return rows[0]?.owner;
  }

  async watch(onAppended: () => void): Promise<() => Promise<void>> {
    this.localWatchers.add(onAppended);
    const unlisten = await this.db.listen(this.sql.channel, onAppended);
    return async () => {
      this.localWatchers.delete(onAppended);
      await unlisten();
    };
  }

  async close(): Promise<void> {
    this.localWatchers.clear();
    await this.notifier.close();
    if (this.options.closesDatabase !== false) await this.db.close();
  }
}
