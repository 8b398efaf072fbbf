import { Pool, type ClientConfig, type PoolClient, type QueryConfig } from 'pg';
import { type EventStore } from './event-store.port';
import { PgNotificationListener } from './pg-notification-listener';
import { type SqlClient, type SqlExecutor, type SqlStatement } from './sql-client';
import { SqlEventStore } from './sql-event-store';

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  /** PostgreSQL schema holding the tables (default `event_store`); e.g. a fresh one per test run. */
  readonly schema?: string;
  /** Pooled connections for appends, reads and subscribers' transactions; LISTEN takes one more. */
  readonly poolSize?: number;
  /**
   * Ends a session left idle inside a transaction: an open transaction holds every subscriber back (readers stop
   * below the oldest running transaction), so a stuck one must not hold them for ever.
   */
  readonly idleInTransactionTimeoutMs?: number;
}

export function createPostgresEventStore(options: PostgresEventStoreOptions): EventStore {
  const config: ClientConfig = {
    connectionString: options.connectionString,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 30_000,
  };
  const client = new PostgresSqlClient(
    new Pool({ ...config, application_name: 'event-store', max: options.poolSize ?? 10 }),
    new PgNotificationListener({ ...config, application_name: 'event-store-listener' }),
  );
  return new SqlEventStore(client, options.schema);
}

class PostgresSqlClient implements SqlClient {
  constructor(
    private readonly pool: Pool,
    private readonly listener: PgNotificationListener,
  ) {
    // An idle pooled connection that dies is dropped by the pool; without a listener the error would crash us.
    pool.on('error', () => undefined);
  }

  query<R>(sql: string | SqlStatement, params: readonly unknown[] = []): Promise<{ rows: R[] }> {
    return run<R>(this.pool, sql, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await connection.query('BEGIN');
      const result = await work({ query: (sql, params = []) => run(connection, sql, params) });
      // A statement that failed inside `work` but was caught there leaves the transaction aborted: COMMIT then
      // answers ROLLBACK instead of failing.
      const commit = await connection.query('COMMIT');
      if (commit.command !== 'COMMIT') throw new Error('transaction was rolled back instead of committed');
      return result;
    } catch (error) {
      broken = await connection.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: unknown) =>
          rollbackError instanceof Error ? rollbackError : new Error('rollback failed'),
      );
      throw error;
    } finally {
      connection.release(broken); // a connection that cannot roll back is discarded, not reused
    }
  }

  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    return this.listener.listen(channel, onNotify);
  }

  async close(): Promise<void> {
    await this.listener.close();
    await this.pool.end();
  }
}

async function run<R>(
  target: Pool | PoolClient,
  sql: string | SqlStatement,
  params: readonly unknown[],
): Promise<{ rows: R[] }> {
  const config: QueryConfig = typeof sql === 'string' ? { text: sql } : { name: sql.name, text: sql.text };
  const result = await target.query({ ...config, values: [...params] });
  return { rows: result.rows as R[] };
}
