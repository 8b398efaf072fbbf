import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Problem, type ProjectsRebuildResult, type ProjectsRebuildStatus } from '@studio/contracts';
import { type EventStore, type RecordedEvent, START } from '@studio/event-store';
import { errorMessage, Lease } from '@studio/messaging';
import { CLOCK, type Clock, DATABASE, EVENT_STORE } from '@studio/service-kit';
import type { SqlDatabase } from '@studio/sql';
import { LIVE, type ReadModelTarget, SHADOW } from '../read-model/read-model-target';
import { ReadModelWriter } from '../read-model/read-model.writer';
import { createShadow, dropShadow, swapIn } from './read-model-swap';
import { type RebuildRow, toStatus } from './rebuild-status';

export const DEFAULT_PAGE_SIZE = 1_000;
/** How often a running rebuild records its progress (and renews its lease), and how often it logs it. */
const RECORD_MS = 1_000;
const LOG_MS = 3_000;
/** A rebuild that has not renewed its lease (and progress) for this long has died. */
export const LEASE_TTL_MS = 30_000;
const SWAP_ATTEMPTS = 3;

interface Run {
  readonly id: string;
  readonly lease: Lease;
  readonly pageSize: number;
  readonly startedMs: number;
  phase: ProjectsRebuildStatus['phase'];
  events: number;
  recordedMs: number;
  loggedMs: number;
  stopping: boolean;
  done: Promise<void>;
}

/**
 * Rebuilds the projects read model from the first event without downtime, as the projector rebuilds its client
 * index: (a) replays the event store into fresh copies of the tables with the live consumer's own guarded
 * fold; (b) swaps them in, in one transaction; (c) replays again from where (a) stopped onto the new live
 * tables, taking in what the live writers applied to the old ones meanwhile (the fold skips versions a row
 * already has). Reads are answered from the live tables all along. One rebuild at a time, across replicas, by
 * lease; its progress is kept in `projects_rebuilds`, so any replica can answer for it.
 */
@Injectable()
export class ProjectsRebuild implements BeforeApplicationShutdown {
  private readonly log = new Logger(ProjectsRebuild.name);
  private current: Run | undefined;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ReadModelWriter) private readonly writer: ReadModelWriter,
  ) {}

  /** Starts a rebuild and answers at once; refused with `conflict` while one is running. */
  async start(pageSize = DEFAULT_PAGE_SIZE): Promise<ProjectsRebuildStatus> {
    const id = randomUUID();
    const lease = new Lease(this.db, 'projects-rebuild', `projects-${id}`, LEASE_TTL_MS);
    if (!(await lease.acquire()))
      throw Problem.of('conflict', 'a rebuild of the projects read model is already running');
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      // With the lease in hand, a rebuild still marked running is one whose process died.
      await tx.query(
        `UPDATE projects_rebuilds SET state = 'failed', error = 'interrupted', finished_at = $1
         WHERE state = 'running'`,
        [now],
      );
      await tx.query(
        `INSERT INTO projects_rebuilds (id, state, phase, started_at, heartbeat_at)
         VALUES ($1, 'running', 'building', $2, $2)`,
        [id, now],
      );
    });
    const startedMs = performance.now();
    const run: Run = {
      id,
      lease,
      pageSize,
      startedMs,
      phase: 'building',
      events: 0,
      recordedMs: startedMs,
      loggedMs: startedMs,
      stopping: false,
      done: Promise.resolve(),
    };
    this.current = run;
    run.done = this.run(run);
    this.log.log(`rebuild ${id}: started, ${pageSize} events a page`);
    return this.status(id);
  }

  async status(rebuildId?: string): Promise<ProjectsRebuildStatus> {
    const { rows } =
      rebuildId === undefined
        ? await this.db.query<RebuildRow>('SELECT * FROM projects_rebuilds ORDER BY started_at DESC LIMIT 1')
        : await this.db.query<RebuildRow>('SELECT * FROM projects_rebuilds WHERE id = $1', [rebuildId]);
    const row = rows[0];
    if (row === undefined) throw Problem.of('not-found', 'no such rebuild of the projects read model');
    return toStatus(row, this.clock.now(), LEASE_TTL_MS);
  }

  /** A shutdown stops a running rebuild at its next page; the live tables are left as they were (or swapped). */
  async beforeApplicationShutdown(): Promise<void> {
    const run = this.current;
    if (run === undefined) return;
    run.stopping = true;
    await run.done;
  }

  /** Never rejects: the outcome is recorded, and logged. */
  private async run(run: Run): Promise<void> {
    let swapped = false;
    try {
      await createShadow(this.db);
      const built = await this.replay(run, START, SHADOW, true);
      const builtEvents = run.events;
      await this.tick(run, 'swapping', true);
      const projects = await this.swap(run);
      swapped = true;
      await this.tick(run, 'catching-up', true);
      // Not stopped by a shutdown: what the old tables took since the copy was built would be missing.
      const position = await this.replay(run, built, LIVE, false);
      const durationMs = Math.round(performance.now() - run.startedMs);
      const result: ProjectsRebuildResult = {
        events: builtEvents,
        projects,
        caughtUp: run.events - builtEvents,
        position,
        durationMs,
        eventsPerSecond: rate(run.events, durationMs),
      };
      await this.finish(run, 'succeeded', result, null);
      this.log.log(
        `rebuild ${run.id}: done in ${durationMs} ms, ${result.events} events (${result.eventsPerSecond}/s), ` +
          `${projects} projects, ${result.caughtUp} caught up`,
      );
    } catch (error) {
      const reason = errorMessage(error);
      const message = swapped ? `catching up after the swap failed, rebuild again: ${reason}` : reason;
      this.log.error(`rebuild ${run.id}: failed in ${run.phase}: ${message}`);
      if (!swapped) await dropShadow(this.db).catch(() => undefined);
      await this.finish(run, 'failed', null, message).catch(() => undefined);
    } finally {
      await run.lease.release().catch(() => undefined);
      if (this.current === run) this.current = undefined;
    }
  }

  /** Reads the store from `from` to its end into `target`, a page at a time; answers where it stopped. */
  private async replay(run: Run, from: string, target: ReadModelTarget, stoppable: boolean): Promise<string> {
    let position = from;
    for (;;) {
      const page = await this.store.readAll({ from: position, limit: run.pageSize });
      if (page.events.length === 0) return position;
      if (stoppable && run.stopping) throw new Error('stopped: the projects service is shutting down');
      await this.writer.apply(target, page.events.map(streamEventOf));
      position = page.next;
      run.events += page.events.length;
      await this.tick(run, run.phase);
    }
  }

  private async swap(run: Run): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => swapIn(tx));
      } catch (error) {
        // Waited too long for the lock, or chosen as a deadlock's victim: the copy is intact, try again.
        const code = (error as { code?: unknown }).code;
        if ((code !== '55P03' && code !== '40P01') || attempt >= SWAP_ATTEMPTS) throw error;
        this.log.warn(`rebuild ${run.id}: swap attempt ${attempt} gave way (${String(code)}), retrying`);
      }
    }
  }

  /** Every second (or when `force`d): record the progress and renew the lease; every few seconds, log it. */
  private async tick(run: Run, phase: Run['phase'], force = false): Promise<void> {
    run.phase = phase;
    const now = performance.now();
    if (force || now - run.loggedMs >= LOG_MS) {
      run.loggedMs = now;
      this.log.log(
        `rebuild ${run.id}: ${phase}, ${run.events} events read (${rate(run.events, now - run.startedMs)}/s)`,
      );
    }
    if (!force && now - run.recordedMs < RECORD_MS) return;
    run.recordedMs = now;
    if (!(await run.lease.acquire())) throw new Error('lost the rebuild lease to another replica');
    await this.db.query(
      'UPDATE projects_rebuilds SET phase = $2, events = $3, heartbeat_at = $4 WHERE id = $1',
      [run.id, phase, run.events, this.clock.now()],
    );
  }

  private async finish(
    run: Run,
    state: 'succeeded' | 'failed',
    result: ProjectsRebuildResult | null,
    error: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    await this.db.query(
      `UPDATE projects_rebuilds SET state = $2, phase = $3, events = $4, result = $5::jsonb, error = $6,
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

const streamEventOf = ({ streamId, streamVersion, type, data }: RecordedEvent) => ({
  streamId,
  streamVersion,
  type,
  data,
});

const rate = (events: number, ms: number): number => (ms <= 0 ? 0 : Math.round((events * 1_000) / ms));
