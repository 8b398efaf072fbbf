import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ANALYZE_EVERY_MS, analyzeGrownTables } from './pglite-analyze';
import { PgliteStatements } from './pglite-statements';
import { quoteIdent } from './quote';
import {
  plannedEachRun,
  type SqlDatabase,
  type SqlExecutor,
  type SqlStatement,
  statementText,
} from './sql-database.port';

/** Work waiting for the connection, with the schema it runs in. */
interface Pending {
  readonly schema: string | undefined;
  readonly run: () => Promise<void>;
}

/** The one PGlite connection and the queue that serializes work on it, shared by every scoped view. */
interface Core {
  readonly pglite: PGlite;
  readonly statements: PgliteStatements;
  readonly pending: Pending[];
  running: boolean;
  searchPath: string | undefined;
  readonly schemas: Set<string>;
  analyzer?: NodeJS.Timeout;
}

/** Waiting work of the schema in place may go ahead of older work of other schemas this many times in a row. */
const AFFINITY = 16;

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

  /**
   * `dataDir` undefined: in memory; relative to the working directory unless absolute. `template`: the directory
   * of an empty database (one PGlite made and closed) to copy when `dataDir` holds none yet, instead of initdb.
   * `analyzeEveryMs`: how often tables that grew are analyzed (`analyzeGrownTables`); 0, never.
   */
  static async open(
    dataDir?: string,
    options: { template?: string; analyzeEveryMs?: number } = {},
  ): Promise<PgliteDatabase> {
    // A process that embeds PostgreSQL beside everything else: a small buffer cache, the OS caches the files.
    const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];
    if (dataDir !== undefined && options.template !== undefined)
      copyTemplate(options.template, path.resolve(dataDir));
    const pglite = dataDir
      ? await PGlite.create(path.resolve(dataDir), { startParams })
      : await PGlite.create({ startParams });
    const db = new PgliteDatabase({
      pglite,
      statements: new PgliteStatements(pglite),
      pending: [],
      running: false,
      searchPath: undefined,
      schemas: new Set(),
    });
    const every = options.analyzeEveryMs ?? ANALYZE_EVERY_MS;
    // A failure is left for the next round: the plans stay as they were meanwhile.
    const analyze = () => void db.analyzeGrownTables().catch(() => undefined);
    if (every > 0) db.core.analyzer = setInterval(analyze, every).unref();
    return db;
  }

  /**
   * Analyzes the tables that grew (PGlite has no autovacuum to do it), in turn with other work, and then has
   * every statement prepared again.
   */
  async analyzeGrownTables(): Promise<string[]> {
    return this.serialize(async () => {
      const analyzed = await analyzeGrownTables(this.core.pglite);
      if (analyzed.length > 0) await this.core.statements.forgetAll();
      return analyzed;
    });
  }

  get pglite(): PGlite {
    return this.core.pglite;
  }

  /** A view of the same instance working in `schema` (created on first use). */
  scoped(schema: string): PgliteDatabase {
    return new PgliteDatabase(this.core, schema);
  }

  query<R>(sql: string | SqlStatement, params: readonly unknown[] = []): Promise<{ rows: R[] }> {
    return this.serialize(() => this.run<R>(sql, params, false));
  }

  async exec(sql: string): Promise<void> {
    await this.serialize(() => this.core.pglite.exec(sql));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.serialize(() =>
      this.core.pglite.transaction((tx) =>
        work({
          query: <R>(sql: string | SqlStatement, params: readonly unknown[] = []) =>
            this.run<R>(sql, params, true),
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
    clearInterval(this.core.analyzer);
    await this.serialize(async () => {
      if (!this.core.pglite.closed) await this.core.pglite.close();
    });
  }

  /**
   * One piece of work at a time on the one connection. Switching schemas costs a statement of its own, so work
   * of the schema in place goes first (a few at a time, so none waits for long): callers that wait on each
   * other never have work queued side by side, so this reorders only what was concurrent anyway.
   */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    let settle: { resolve: (value: T) => void; reject: (error: unknown) => void } | undefined;
    const done = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    this.core.pending.push({
      schema: this.schema,
      // Settles the caller's promise with whatever the work threw, as it is: drivers throw non-Errors too.
      run: () =>
        this.enterSchema()
          .then(work)
          .then(
            (value) => settle?.resolve(value),
            (error: unknown) => settle?.reject(error),
          ),
    });
    if (!this.core.running) void drain(this.core);
    return done;
  }

  private async run<R>(
    sql: string | SqlStatement,
    params: readonly unknown[],
    inTransaction: boolean,
  ): Promise<{ rows: R[] }> {
    const rows = plannedEachRun(sql)
      ? await this.core.statements.runOnce<R>(statementText(sql), params, inTransaction)
      : await this.core.statements.run<R>(this.schema ?? '', statementText(sql), params, inTransaction);
    return { rows };
  }

  private async enterSchema(): Promise<void> {
    const { core, schema } = this;
    if (schema === undefined || core.searchPath === schema) return;
    const create = core.schemas.has(schema) ? '' : `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; `;
    await core.pglite.exec(`${create}SET search_path TO ${quoteIdent(schema)}, public`);
    core.schemas.add(schema);
    core.searchPath = schema;
  }
}

/**
 * Copies the template into `dataDir` when that holds no database yet (absent, or an empty folder). Copied beside
 * and renamed: a crash mid-copy leaves no half database that the next start would take for a whole one.
 */
function copyTemplate(template: string, dataDir: string): void {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  if (existsSync(dataDir)) {
    if (readdirSync(dataDir).length > 0) return; // not ours to replace: PGlite runs its initdb there, as before
    rmSync(dataDir, { recursive: true });
  }
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const partial = `${dataDir}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(template, partial, { recursive: true });
  renameSync(partial, dataDir);
}

async function drain(core: Core): Promise<void> {
  core.running = true;
  let streak = 0;
  while (core.pending.length > 0) {
    const same = streak < AFFINITY ? core.pending.findIndex((item) => item.schema === core.searchPath) : -1;
    streak = same > 0 ? streak + 1 : 0;
    const [next] = core.pending.splice(Math.max(same, 0), 1);
    await next?.run();
  }
  core.running = false;
}
