import {
  ReservationTakenError,
  WrongExpectedVersionError,
  type AppendOptions,
  type AppendResult,
  type ExpectedVersion,
  type NewEvent,
} from './event-store.port';
import { STREAM_VERSION_CONSTRAINT, SqlState, type EventStoreSql } from './event-store.sql';
import { formatPosition } from './global-position';
import { type SqlExecutor } from '@studio/sql';

/**
 * `any` appends that lose the race for the next version, and deadlock victims, run again. Each such failure means
 * another append committed, so retrying makes progress: the bound is only a guard.
 */
const MAX_ATTEMPTS = 50;

interface AppendRow {
  readonly version: number;
  readonly sequence: string;
  readonly tx: string;
}

/** What pg and PGlite both attach to a server error. */
interface DriverError {
  readonly code: string;
  readonly constraint?: string;
  readonly detail?: string;
  readonly hint?: string;
}

/**
 * Appends in one statement. On `db` in autocommit a failed attempt leaves nothing behind, so it can be retried;
 * inside a caller's transaction the first failure is final.
 */
export async function appendEvents(
  db: SqlExecutor,
  sql: EventStoreSql,
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions,
): Promise<AppendResult> {
  if (events.length === 0) throw new RangeError(`append to ${streamId}: no events`);
  const { statement, params } = appendCall(sql, streamId, events, options);
  for (let attempt = 1; ; attempt++) {
    try {
      const { rows } = await db.query<AppendRow>(statement, params);
      const row = rows[0];
      if (!row) throw new Error(`append to ${streamId} returned no row`);
      return { nextExpectedVersion: row.version, position: formatPosition(row.tx, row.sequence) };
    } catch (error) {
      const retry = attempt < MAX_ATTEMPTS && isRetryable(error, options.expectedVersion);
      if (!retry) throw await portError(db, sql, streamId, options.expectedVersion, error);
    }
  }
}

/** The one-event statement where it applies (the common case, and measurably faster), else the general one. */
function appendCall(
  sql: EventStoreSql,
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions,
) {
  const expected = expectedVersionParam(options.expectedVersion);
  const reserve = options.reserve ?? [];
  const release = options.release ?? [];
  const only = events.length === 1 && reserve.length === 0 && release.length === 0 ? events[0] : undefined;
  if (only) {
    const { id, type, data, metadata } = only;
    return {
      statement: sql.statements.appendOne,
      params: [streamId, expected, id, type, JSON.stringify(data ?? null), JSON.stringify(metadata ?? {})],
    };
  }
  const rows = events.map(({ id, type, data, metadata }) => ({
    id,
    type,
    data: data ?? null,
    metadata: metadata ?? {},
  }));
  return {
    statement: sql.statements.append,
    params: [streamId, expected, JSON.stringify(rows), JSON.stringify(reserve), JSON.stringify(release)],
  };
}

function expectedVersionParam(expected: ExpectedVersion): number | null {
  if (expected === 'any') return null;
  if (expected === 'no-stream') return -1;
  if (!Number.isSafeInteger(expected) || expected < 0)
    throw new RangeError(`bad expected version: ${expected}`);
  return expected;
}

function isRetryable(error: unknown, expected: ExpectedVersion): boolean {
  if (!isDriverError(error)) return false;
  return error.code === SqlState.deadlock || (expected === 'any' && isVersionTaken(error));
}

async function portError(
  db: SqlExecutor,
  sql: EventStoreSql,
  streamId: string,
  expected: ExpectedVersion,
  error: unknown,
): Promise<unknown> {
  if (!isDriverError(error)) return error;
  if (error.code === SqlState.reservationTaken)
    return new ReservationTakenError(error.detail ?? '', error.hint ?? '');
  if (error.code !== SqlState.wrongExpectedVersion && !isVersionTaken(error)) return error;
  const { rows } = await db.query<{ version: number | null }>(sql.statements.streamVersion, [streamId]);
  return new WrongExpectedVersionError(streamId, expected, rows[0]?.version ?? 'no-stream');
}

function isVersionTaken(error: DriverError): boolean {
  return error.code === SqlState.uniqueViolation && error.constraint === STREAM_VERSION_CONSTRAINT;
}

function isDriverError(error: unknown): error is DriverError {
  return error instanceof Error && typeof (error as Partial<DriverError>).code === 'string';
}
