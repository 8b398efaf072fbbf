import { type CheckpointTx } from './event-store.port';

/** A statement with a stable name, so `pg` prepares it once per connection (PGlite ignores the name). */
export interface SqlStatement {
  readonly name: string;
  readonly text: string;
}

/** Runs SQL on a connection or inside a transaction; the handler's `tx` is one of these. */
export interface SqlExecutor extends CheckpointTx {
  query<R = Record<string, unknown>>(
    sql: string | SqlStatement,
    params?: readonly unknown[],
  ): Promise<{ rows: R[] }>;
}

/** What the shared SQL event store needs from a driver: `pg` (a pool) or PGlite (one connection). */
export interface SqlClient extends SqlExecutor {
  /** Runs `work` in one transaction: commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Calls `onNotify` on each notification on `channel`; resolves to a function that stops it. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function statementText(sql: string | SqlStatement): string {
  return typeof sql === 'string' ? sql : sql.text;
}
