import { Pool, type PoolClient, type PoolConfig, type QueryConfig } from 'pg';
import { PgListener } from './pg-listener';
import { quoteIdent } from './quote';
import { asUnavailable } from './unavailable';
import {
  plannedEachRun,
  type SqlDatabase,
  type SqlExecutor,
  type SqlStatement,
  statementText,
} from './sql-database.port';

export interface PgDatabaseOptions {
  readonly url: string;
  readonly max?: number;
  /** A PostgreSQL schema to work in (created if missing): lets tests and services share one database. */
  readonly schema?: string;
  /** Shown in pg_stat_activity: which service a session belongs to. */
  readonly applicationName?: string;
  /**
   * Named statements keep one generic plan (`plan_cache_mode`) instead of PostgreSQL's choice, for a pool whose
   * every named statement is an index lookup whatever its values (the event store). Left to itself, PostgreSQL
   * re-plans the append on most calls (with its values, each CASE on the expected version folds away and the
   * custom plan looks cheaper), which cost a third of a millisecond of the database's CPU per append.
   */
  readonly genericPlans?: boolean;
}

/** `SqlDatabase` on a `pg` pool, with a LISTEN session of its own that reconnects by itself. */
export class PgDatabase implements SqlDatabase {
  private readonly pool: Pool;
  private readonly listener: PgListener;

  constructor(private readonly options: PgDatabaseOptions) {
    const config: PoolConfig = {
      connectionString: options.url,
      application_name: options.applicationName,
      // A stuck transaction must not hold readers of the event store's global order back for ever.
      idle_in_transaction_session_timeout: 30_000,
      // An unreachable database fails fast (the caller answers 503 and retries) instead of hanging.
      connectionTimeoutMillis: 5_000,
      statement_timeout: 30_000,
    };
    const settings = [
      ...(options.schema ? [`-c search_path=${quoteIdent(options.schema)},public`] : []),
      ...(options.genericPlans ? ['-c plan_cache_mode=force_generic_plan'] : []),
    ];
    if (settings.length > 0) config.options = settings.join(' ');
    this.pool = new Pool({ ...config, max: options.max ?? 10 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.listener = new PgListener({
      ...config,
      application_name: `${options.applicationName ?? 'pg'}-listener`,
    });
  }

  query<R>(sql: string | SqlStatement, params: readonly unknown[] = []): Promise<{ rows: R[] }> {
    return run<R>(this.pool, sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql).catch((error: unknown) => {
      throw asUnavailable(error);
    });
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw asUnavailable(error);
    });
    let broken: Error | undefined;
    // The server may end the session while it is checked out (a restart): its next query fails, and the
    // 'error' event must not crash the process for want of a listener.
    const lost = (error: Error) => {
      broken ??= error;
    };
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      const result = await work(executor(client));
      // A statement that failed inside `work` but was caught there leaves the transaction aborted: COMMIT then
      // answers ROLLBACK instead of failing.
      const commit = await client.query('COMMIT');
      if (commit.command !== 'COMMIT') throw new Error('transaction was rolled back instead of committed');
      return result;
    } catch (error) {
      broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: unknown) =>
          rollbackError instanceof Error ? rollbackError : new Error('rollback failed'),
      );
      throw asUnavailable(error);
    } finally {
      client.off('error', lost);
      client.release(broken); // a connection that cannot roll back, or was lost, is discarded, not reused
    }
  }

  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    return this.listener.listen(channel, onNotify);
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
    await this.listener.close();
    await this.pool.end();
  }
}

const executor = (client: PoolClient): SqlExecutor => ({
  query: <R>(sql: string | SqlStatement, params: readonly unknown[] = []) => run<R>(client, sql, params),
  async exec(sql: string) {
    await client.query(sql);
  },
});

async function run<R>(
  target: Pool | PoolClient,
  sql: string | SqlStatement,
  params: readonly unknown[],
): Promise<{ rows: R[] }> {
  // Without a name, pg sends the statement unnamed: PostgreSQL plans it with these values.
  const config: QueryConfig =
    typeof sql === 'string' || plannedEachRun(sql)
      ? { text: statementText(sql) }
      : { name: sql.name, text: sql.text };
  try {
    const result = await target.query({ ...config, values: [...params] });
    return { rows: result.rows as R[] };
  } catch (error) {
    throw asUnavailable(error);
  }
}
