import { performance } from 'node:perf_hooks';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { type ProjectsRebuildResult, type ProjectsRebuildStatus } from '@studio/contracts';
import { type EventStore, type RecordedEvent, START } from '@studio/event-store';
import { errorMessage } from '@studio/messaging';
import {
  CLOCK,
  type Clock,
  DATABASE,
  EVENT_STORE,
  eventsPerSecond,
  RebuildJournal,
  type RebuildRun,
} from '@studio/service-kit';
import type { SqlDatabase } from '@studio/sql';
import { LIVE, type ReadModelTarget, SHADOW } from '../read-model/read-model-target';
import { ReadModelWriter } from '../read-model/read-model.writer';
import { createShadow, dropShadow, swapIn } from './read-model-swap';

export const DEFAULT_PAGE_SIZE = 1_000;

interface Run extends RebuildRun {
  readonly pageSize: number;
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
  private readonly journal: RebuildJournal<ProjectsRebuildResult>;

  constructor(
    @Inject(CLOCK) clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ReadModelWriter) private readonly writer: ReadModelWriter,
  ) {
    this.journal = new RebuildJournal(db, clock, this.log, {
      table: 'projects_rebuilds',
      lease: 'projects-rebuild',
      what: 'the projects read model',
    });
  }

  /** Starts a rebuild and answers at once; refused with `conflict` while one is running. */
  async start(pageSize = DEFAULT_PAGE_SIZE): Promise<ProjectsRebuildStatus> {
    const run: Run = { ...(await this.journal.begin()), pageSize };
    this.current = run;
    run.done = this.run(run);
    this.log.log(`rebuild ${run.id}: started, ${pageSize} events a page`);
    return this.status(run.id);
  }

  status(rebuildId?: string): Promise<ProjectsRebuildStatus> {
    return this.journal.status(rebuildId);
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
      await this.journal.tick(run, 'swapping', true);
      const projects = await this.journal.swap(run, swapIn);
      swapped = true;
      await this.journal.tick(run, 'catching-up', true);
      // Not stopped by a shutdown: what the old tables took since the copy was built would be missing.
      const position = await this.replay(run, built, LIVE, false);
      const durationMs = Math.round(performance.now() - run.startedMs);
      const result: ProjectsRebuildResult = {
        events: builtEvents,
        projects,
        caughtUp: run.events - builtEvents,
        position,
        durationMs,
        eventsPerSecond: eventsPerSecond(run.events, durationMs),
      };
      await this.journal.finish(run, 'succeeded', result, null);
      this.log.log(
        `rebuild ${run.id}: done in ${durationMs} ms, ${result.events} events (${result.eventsPerSecond}/s), ` +
          `${projects} projects, ${result.caughtUp} caught up`,
      );
    } catch (error) {
      const reason = errorMessage(error);
      const message = swapped ? `catching up after the swap failed, rebuild again: ${reason}` : reason;
      this.log.error(`rebuild ${run.id}: failed in ${run.phase}: ${message}`);
      if (!swapped) await dropShadow(this.db).catch(() => undefined);
      await this.journal.finish(run, 'failed', null, message).catch(() => undefined);
    } finally {
      await run.end();
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
      await this.journal.tick(run, run.phase);
    }
  }
}

const streamEventOf = ({ streamId, streamVersion, type, data }: RecordedEvent) => ({
  streamId,
  streamVersion,
  type,
  data,
});
