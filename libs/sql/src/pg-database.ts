import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { quoteIdent } from './quote';
import type { SqlDatabase, SqlExecutor } from './sql-database.port';

export interface PgDatabaseOptions {
  readonly url: string;
  readonly max?: number;
  /** A PostgreSQL schema to work in (created if missing): lets tests and services share one database. */
  readonly schema?: string;
}

/** `SqlDatabase` on a `pg` pool. */
export class PgDatabase implements SqlDatabase {
  private readonly pool: Pool;

  constructor(private readonly options: PgDatabaseOptions) {
    const config: PoolConfig = {
      connectionString: options.url,
      max: options.max ?? 10,
      // A stuck transaction must not hold readers of the global order back for ever.
      idle_in_transaction_session_timeout: 30_000,
      // An unreachable database fails fast (the caller answers 503 and retries) instead of hanging.
      connectionTimeoutMillis: 5_000,
      statement_timeout: 30_000,
    };
    if (options.schema) config.options = `-c search_path=${quoteIdent(options.schema)},public`;
    this.pool = new Pool(config);
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[] }> {
    const result = await this.pool.query(sql, params as unknown[]);
    return { rows: result.rows as R[] };
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(executor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const client = await this.pool.connect();
    const handler = (message: { channel: string }) => {
      if (message.channel === channel) onNotify();
    };
    client.on('notification', handler);
    await client.query(`LISTEN ${quoteIdent(channel)}`);
    return async () => {
      client.off('notification', handler);
      await client.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => undefined);
      client.release();
    };
  }

  /** Creates the configured schema; call once before anything else. */
  async ensureSchema(): Promise<void> {
    const { schema } = this.options;
    if (!schema) return;
    const create = () => this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    // IF NOT EXISTS still races on the catalog when replicas start together: the loser's second try succeeds.
    await create().catch(create);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const executor = (client: PoolClient): SqlExecutor => ({
  async query<R>(sql: string, params: readonly unknown[] = []) {
    const result = await client.query(sql, params as unknown[]);
    return { rows: result.rows as R[] };
  },
  async exec(sql: string) {
    await client.query(sql);
  },
});
