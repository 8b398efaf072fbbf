/**
 * The SQL port the services' own state stands on (sessions, tokens, the client index, checkpoints, outboxes).
 * PostgreSQL and PGlite speak the same SQL, so one set of statements serves both adapters.
 */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `work` in one transaction: committed if it resolves, rolled back if it throws. Inside, use only `tx`:
   * on PGlite (one connection) a query on the database itself would wait for the transaction to end.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Calls `onNotify` for each NOTIFY on `channel`; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** One migration: applied once per database, in order of `id`. */
export interface Migration {
  readonly id: number;
  readonly sql: string;
}
