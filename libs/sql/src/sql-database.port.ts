/**
 * The SQL port everything with state stands on: the event store, the services' own tables (sessions, tokens,
 * read models, checkpoints, outboxes). PostgreSQL and PGlite speak the same SQL, so one set of statements
 * serves both adapters.
 */

/**
 * A statement with a stable name, so `pg` prepares it once per connection (PGlite prepares every statement).
 * `plan: 'each-run'` plans it with its values every time instead: PostgreSQL keeps a prepared statement's generic
 * plan, made when its tables were small, until they are analyzed again, and for a table that grows from empty
 * while the connection lives (a read model filling up, a rebuild's copy) that plan reads the whole table by
 * the thousands of rows. For statements run once per batch, where planning costs little beside the work.
 */
export interface SqlStatement {
  readonly name: string;
  readonly text: string;
  readonly plan?: 'each-run';
}

export interface SqlExecutor {
  query<R = Record<string, unknown>>(
    sql: string | SqlStatement,
    params?: readonly unknown[],
  ): Promise<{ rows: R[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `work` in one transaction: committed if it resolves, rolled back if it throws. Inside, use only `tx`:
   * on PGlite (one connection) a query on the database itself would wait for the transaction to end. Await each
   * of its queries before the next: one connection runs one statement at a time.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel`, from any session; resolves to an unsubscribe function. After
   * a lost connection it listens again and calls `onNotify` once, since notifications sent meanwhile are lost.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** One migration: applied once per database, in order of `id`. */
export interface Migration {
  readonly id: number;
  readonly sql: string;
}

export const statementText = (sql: string | SqlStatement): string =>
  typeof sql === 'string' ? sql : sql.text;

/** Whether `sql` is to be planned with its values on every run (see `SqlStatement.plan`). */
export const plannedEachRun = (sql: string | SqlStatement): boolean =>
  typeof sql !== 'string' && sql.plan === 'each-run';
