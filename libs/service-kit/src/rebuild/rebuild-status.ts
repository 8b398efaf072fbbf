/** A row of a read model's `<name>_rebuilds` table, and how it is reported. */
import type { ClientIndexRebuildStatus } from '@studio/contracts';

/** Every read model's rebuild reports in the client index's shape, with a result of its own. */
export type RebuildStatus<R> = Omit<ClientIndexRebuildStatus, 'result'> & { result: R | null };
export type RebuildPhase = ClientIndexRebuildStatus['phase'];

export interface RebuildRow<R> {
  readonly id: string;
  readonly state: string;
  readonly phase: string;
  readonly started_at: Date;
  readonly heartbeat_at: Date;
  readonly finished_at: Date | null;
  readonly events: string | number;
  /** Written by the service from its own result type: trusted as such. */
  readonly result: (R & { readonly eventsPerSecond?: number }) | null;
  readonly error: string | null;
}

const STATES: readonly ClientIndexRebuildStatus['state'][] = ['running', 'succeeded', 'failed'];
const PHASES: readonly RebuildPhase[] = ['building', 'comparing', 'swapping', 'catching-up', 'done'];

/**
 * The status as of `now`. A rebuild still marked running that has not reported for `staleAfterMs` (its
 * lease's time) died with its process: it is reported as failed.
 */
export function toStatus<R>(row: RebuildRow<R>, now: Date, staleAfterMs: number): RebuildStatus<R> {
  const events = Number(row.events);
  const heartbeat = new Date(row.heartbeat_at);
  const stale = row.state === 'running' && now.getTime() - heartbeat.getTime() > staleAfterMs;
  const end = row.finished_at === null ? now : new Date(row.finished_at);
  const elapsedMs = end.getTime() - new Date(row.started_at).getTime();
  return {
    rebuildId: row.id,
    state: stale ? 'failed' : (STATES.find((state) => state === row.state) ?? 'failed'),
    phase: PHASES.find((phase) => phase === row.phase) ?? 'building',
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
    events,
    eventsPerSecond: row.result?.eventsPerSecond ?? eventsPerSecond(events, elapsedMs),
    result: row.result,
    error: stale ? `interrupted: no progress since ${heartbeat.toISOString()}` : row.error,
  };
}

export const eventsPerSecond = (events: number, ms: number): number =>
  ms <= 0 ? 0 : Math.round((events * 1_000) / ms);
