import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { quoteIdent } from './quote';
import { type SqlDatabase, type SqlExecutor, type SqlStatement, statementText } from './sql-database.port';

/** The one PGlite connection and the queue that serializes work on it, shared by every scoped view. */
interface Core {
  readonly pglite: PGlite;
  queue: Promise<unknown>;
  searchPath: string | undefined;
}

/**
 * `SqlDatabase` on embedded PGlite. PGlite has one connection, so work is queued: a transaction holds the
 * connection until it ends, and nothing else interleaves with it. `scoped(schema)` gives each embedded service
 * its own PostgreSQL schema on the same instance, as it would have its own database when distributed.
 */
export class PgliteDatabase implements SqlDatabase {
  private constructor(
    private readonly core: Core,
    private readonly schema?: string,
  ) {}

  /** `dataDir` undefined: in memory; relative to the working directory unless absolute. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const pglite = dataDir ? await PGlite.create(path.resolve(dataDir)) : await PGlite.create();
    return new PgliteDatabase({ pglite, queue: Promise.resolve(), searchPath: undefined });
  }

  get pglite(): PGlite {
    return this.core.pglite;
  }

  /** A view of the same instance working in `schema` (created on first use). */
  scoped(schema: string): PgliteDatabase {
    return new PgliteDatabase(this.core, schema);
  }

  query<R>(sql: string | SqlStatement, params: readonly unknown[] = []): Promise<{ rows: R[] }> {
    return this.serialize(() => run<R>(this.core.pglite, sql, params));
  }

  async exec(sql: string): Promise<void> {
    await this.serialize(() => this.core.pglite.exec(sql));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.serialize(() =>
      this.core.pglite.transaction((tx) =>
        work({
          query: <R>(sql: string | SqlStatement, params: readonly unknown[] = []) => run<R>(tx, sql, params),
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      ),
    );
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const unsubscribe = await this.serialize(() => this.core.pglite.listen(channel, onNotify));
    return () => this.serialize(unsubscribe);
  }

  /** Closes the instance, and with it every scoped view. */
  async close(): Promise<void> {
    await this.serialize(async () => {
      if (!this.core.pglite.closed) await this.core.pglite.close();
    });
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const step = async () => {
      if (this.schema !== undefined && this.core.searchPath !== this.schema) {
        await this.core.pglite.exec(
          `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schema)}; SET search_path TO ${quoteIdent(this.schema)}, public`,
        );
        this.core.searchPath = this.schema;
      }
      return work();
    };
    const next = this.core.queue.then(step, step);
    this.core.queue = next.catch(() => undefined);
    return next;
  }
}

interface Queryable {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

async function run<R>(
  db: Queryable,
  sql: string | SqlStatement,
  params: readonly unknown[],
): Promise<{ rows: R[] }> {
  const result = await db.query<R>(statementText(sql), params as unknown[]);
  return { rows: result.rows };
}
