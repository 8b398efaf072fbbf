import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type EventStore } from './event-store.port';
import { statementText, type SqlClient, type SqlExecutor, type SqlStatement } from './sql-client';
import { SqlEventStore } from './sql-event-store';

export type PgliteEventStoreOptions =
  /** Opens (and on close, closes) a database in `dataDir`, or in memory when it is omitted. */
  | { readonly dataDir?: string; readonly schema?: string }
  /** Uses an open database and leaves it open on close: e.g. one instance shared by a test file's stores. */
  | { readonly db: PGlite; readonly schema?: string };

export async function createPgliteEventStore(options: PgliteEventStoreOptions = {}): Promise<EventStore> {
  const client =
    'db' in options
      ? new PgliteSqlClient(options.db, false)
      : new PgliteSqlClient(await PGlite.create(options.dataDir), true);
  return new SqlEventStore(client, options.schema);
}

/**
 * PGlite is one connection. Its `query` and `transaction` share one lock, so concurrent callers queue: a
 * transaction is never interleaved with another caller's statements. The flip side: a subscription handler must
 * use its `tx`, never the store, or it waits for itself.
 */
class PgliteSqlClient implements SqlClient {
  constructor(
    private readonly db: PGlite,
    private readonly owned: boolean,
  ) {}

  query<R>(sql: string | SqlStatement, params: readonly unknown[] = []): Promise<{ rows: R[] }> {
    return this.db.query<R>(statementText(sql), [...params]);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx: Transaction) =>
      work({
        query: <R>(sql: string | SqlStatement, params: readonly unknown[] = []) =>
          tx.query<R>(statementText(sql), [...params]),
      }),
    );
  }

  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, () => onNotify());
  }

  async close(): Promise<void> {
    if (this.owned) await this.db.close();
  }
}
