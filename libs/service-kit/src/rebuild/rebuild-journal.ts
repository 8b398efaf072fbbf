import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import { Problem } from '@studio/contracts';
import { errorMessage, Lease } from '@studio/messaging';
import type { SqlDatabase } from '@studio/sql';
import type { Clock } from '../clock';
import {
  eventsPerSecond,
  type RebuildPhase,
  type RebuildRow,
  type RebuildStatus,
  toStatus,
} from './rebuild-status';

/** How often a running rebuild records its progress (and renews its lease), and how often it logs it. */
const RECORD_MS = 1_000;
const LOG_MS = 3_000;
/** A rebuild that has not renewed its lease (and progress) for this long has died. */
export const REBUILD_LEASE_TTL_MS = 30_000;
const SWAP_ATTEMPTS = 3;

/** One rebuild in this process: what its journal and its runner share. */
export interface RebuildRun {
  readonly id: string;
  readonly lease: Lease;
  readonly startedMs: number;
  phase: RebuildPhase;
  events: number;
  recordedMs: number;
  loggedMs: number;
  /** Set on shutdown: the runner stops at its next page (before the swap). */
  stopping: boolean;
  /** Set once the copy is in place: a failure after it leaves the live model behind, no longer untouched. */
  swapped: boolean;
  done: Promise<void>;
  /** Stops renewing the lease and gives it up: the runner's last step, whatever the outcome. */
  end(): Promise<void>;
}

export interface RebuildJournalOptions {
  /** The table of this read model's rebuilds (`id, state, phase, started_at, heartbeat_at, finished_at,
   * events, result, error`), in the service's own schema. */
  readonly table: string;
  /** The lease that lets one rebuild of this read model run at a time, across replicas. */
  readonly lease: string;
  /** How the read model is named in refusals: "a rebuild of <what> is already running". */
  readonly what: string;
}

/** What a read model gives a rebuild: its replay and swap, and how to drop a copy that is not swapped in. */
export interface RebuildPlan<R, X> {
  /** The run's own options (a page size, a dry run), kept on the run. */
  readonly options: X;
  /** Said in the log right after "started" (e.g. `, 1000 events a page`). */
  readonly label: string;
  /**
   * Fills the copy, swaps it in with `RebuildJournal.swap` (or compares it), catches up; answers the result and its log line.
   * Checks `run.stopping` between pages before the swap.
   */
  build(run: RebuildRun & X): Promise<{ readonly result: R; readonly summary: string }>;
  /** After a failure before the swap: drops the copy. */
  discard(): Promise<void>;
}

/**
 * What every rebuild of a read model keeps, whatever it rebuilds: one at a time across replicas (a lease),
 * its progress in a table any replica can answer from, its heartbeat, its outcome, the swap of the copy into
 * place retried when it meets a lock, and the frame of a run (started in the background, recorded and logged
 * whatever its outcome, waited for at shutdown). The read model (the projector's client index, the projects'
 * read model) gives its replay and swap (`RebuildPlan`).
 */
export class RebuildJournal<R> {
  private current: RebuildRun | undefined;

  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
    private readonly log: Pick<Logger, 'log' | 'warn' | 'error'>,
    private readonly options: RebuildJournalOptions,
  ) {}

  /** Starts a rebuild and answers at once; refused with `conflict` while one is running. */
  async run<X extends object>(plan: RebuildPlan<R, X>): Promise<RebuildStatus<R>> {
    const run: RebuildRun & X = Object.assign(await this.begin(), plan.options);
    this.current = run;
    run.done = this.frame(run, plan);
    this.log.log(`rebuild ${run.id}: started${plan.label}`);
    return this.status(run.id);
  }

  /** At shutdown: a running rebuild stops at its next page; the live model is left as it was (or swapped). */
  async stop(): Promise<void> {
    const run = this.current;
    if (run === undefined) return;
    run.stopping = true;
    await run.done;
  }

  /** Never rejects: the outcome is recorded, and logged. */
  private async frame<X>(run: RebuildRun & X, plan: RebuildPlan<R, X>): Promise<void> {
    try {
      const { result, summary } = await plan.build(run);
      await this.finish(run, 'succeeded', result, null);
      this.log.log(`rebuild ${run.id}: ${summary}`);
    } catch (error) {
      const reason = errorMessage(error);
      // Before the swap the live model is untouched. After it, what the live writers applied to the old one
      // since the copy was built may be missing until a rebuild succeeds.
      const message = run.swapped ? `catching up after the swap failed, rebuild again: ${reason}` : reason;
      this.log.error(
        `rebuild ${run.id}: failed in ${run.phase}: ${message}`,
        error instanceof Error ? error.stack : undefined,
      );
      if (!run.swapped) await plan.discard().catch(() => undefined);
      await this.finish(run, 'failed', null, message).catch(() => undefined);
    } finally {
      await run.end();
      if (this.current === run) this.current = undefined;
    }
  }

  /** @throws Problem `conflict` when another rebuild of this read model is running. */
  private async begin(): Promise<RebuildRun> {
    const { table, what } = this.options;
    const id = randomUUID();
    const lease = new Lease(this.db, this.options.lease, `${this.options.lease}-${id}`, REBUILD_LEASE_TTL_MS);
    if (!(await lease.acquire())) throw Problem.of('conflict', `a rebuild of ${what} is already running`);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      // With the lease in hand, a rebuild still marked running is one whose process died.
      await tx.query(
        `UPDATE ${table} SET state = 'failed', error = 'interrupted', finished_at = $1 WHERE state = 'running'`,
        [now],
      );
      await tx.query(
        `INSERT INTO ${table} (id, state, phase, started_at, heartbeat_at) VALUES ($1, 'running', 'building', $2, $2)`,
        [id, now],
      );
    });
    const startedMs = performance.now();
    // Renewed on a timer too, not only by progress: one long step (indexing the copy, a slow page) must not let
    // the lease lapse and a second rebuild start over this one's copy.
    const renewing = setInterval(() => void lease.acquire().catch(() => undefined), REBUILD_LEASE_TTL_MS / 3);
    renewing.unref();
    return {
      id,
      lease,
      end: async () => {
        clearInterval(renewing);
        await lease.release().catch(() => undefined);
      },
      startedMs,
      phase: 'building',
      events: 0,
      recordedMs: startedMs,
      loggedMs: startedMs,
      stopping: false,
      swapped: false,
      done: Promise.resolve(),
    };
  }

  /** The rebuild `rebuildId`, or the latest. */
  async status(rebuildId?: string): Promise<RebuildStatus<R>> {
    const { table, what } = this.options;
    const { rows } =
      rebuildId === undefined
        ? await this.db.query<RebuildRow<R>>(`SELECT * FROM ${table} ORDER BY started_at DESC LIMIT 1`)
        : await this.db.query<RebuildRow<R>>(`SELECT * FROM ${table} WHERE id = $1`, [rebuildId]);
    const row = rows[0];
    if (row === undefined) throw Problem.of('not-found', `no such rebuild of ${what}`);
    return toStatus(row, this.clock.now(), REBUILD_LEASE_TTL_MS);
  }

  /** Every second (or when `force`d): record the progress and renew the lease; every few seconds, log it. */
  async tick(run: RebuildRun, phase: RebuildPhase, force = false): Promise<void> {
    run.phase = phase;
    const now = performance.now();
    if (force || now - run.loggedMs >= LOG_MS) {
      run.loggedMs = now;
      this.log.log(
        `rebuild ${run.id}: ${phase}, ${run.events} events read (${eventsPerSecond(run.events, now - run.startedMs)}/s)`,
      );
    }
    if (!force && now - run.recordedMs < RECORD_MS) return;
    run.recordedMs = now;
    if (!(await run.lease.acquire())) throw new Error('lost the rebuild lease to another replica');
    await this.db.query(
      `UPDATE ${this.options.table} SET phase = $2, events = $3, heartbeat_at = $4 WHERE id = $1`,
      [run.id, phase, run.events, this.clock.now()],
    );
  }

  /**
   * Swaps the copy in (`swapIn` answers how many rows it holds), again when it gave way to a lock (the copy is
   * intact then); marks the run swapped.
   */
  async swap(run: RebuildRun, swapIn: () => Promise<number>): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await swapIn();
        run.swapped = true;
        return rows;
      } catch (error) {
        // Waited too long for the lock, or chosen as a deadlock's victim.
        const code = (error as { code?: unknown }).code;
        if ((code !== '55P03' && code !== '40P01') || attempt >= SWAP_ATTEMPTS) throw error;
        this.log.warn(`rebuild ${run.id}: swap attempt ${attempt} gave way (${String(code)}), retrying`);
      }
    }
  }

  private async finish(
    run: RebuildRun,
    state: 'succeeded' | 'failed',
    result: R | null,
    error: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    await this.db.query(
      `UPDATE ${this.options.table} SET state = $2, phase = $3, events = $4, result = $5::jsonb, error = $6,
         heartbeat_at = $7, finished_at = $7
       WHERE id = $1`,
      [
        run.id,
        state,
        state === 'succeeded' ? 'done' : run.phase,
        run.events,
        result && JSON.stringify(result),
        error,
        now,
      ],
    );
  }
}

/** What every rebuild's result says of its run: the events read before the swap, those after, where, how fast. */
export interface RunFigures {
  readonly events: number;
  readonly caughtUp: number;
  readonly position: string;
  readonly durationMs: number;
  readonly eventsPerSecond: number;
}

/** The run's figures now, `builtEvents` being what it had read when the copy was complete. */
export function runFigures(run: RebuildRun, builtEvents: number, position: string): RunFigures {
  const durationMs = Math.round(performance.now() - run.startedMs);
  return {
    events: builtEvents,
    caughtUp: run.events - builtEvents,
    position,
    durationMs,
    eventsPerSecond: eventsPerSecond(run.events, durationMs),
  };
}

/** The log line of a rebuild that swapped its copy in: `what` counts what the model now holds. */
export const doneSummary = (figures: RunFigures, what: string): string =>
  `done in ${figures.durationMs} ms, ${figures.events} events (${figures.eventsPerSecond}/s), ${what}, ` +
  `${figures.caughtUp} caught up`;
