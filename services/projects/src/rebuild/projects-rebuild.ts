import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { type ProjectsRebuildResult, type ProjectsRebuildStatus } from '@studio/contracts';
import { type EventStore, type RecordedEvent, START } from '@studio/event-store';
import {
  CLOCK,
  type Clock,
  DATABASE,
  EVENT_STORE,
  doneSummary,
  runFigures,
  RebuildJournal,
  type RebuildRun,
} from '@studio/service-kit';
import type { SqlDatabase } from '@studio/sql';
import {
  PROJECT_MEMBERSHIPS,
  type ProjectMembershipsRepository,
  type ReadModelCopy,
} from '../read-model/project-memberships.repository';
import { ReadModelWriter } from '../read-model/read-model.writer';

export const DEFAULT_PAGE_SIZE = 1_000;

interface Run extends RebuildRun {
  readonly pageSize: number;
}

/**
 * Rebuilds the projects read model from the first event without downtime, as the projector rebuilds its client
 * index: (a) replays the event store into a fresh copy with the live consumer's own guarded fold; (b) swaps it
 * in at once (the repository's swap); (c) replays again from where (a) stopped onto the new live model, taking
 * in what the live writers applied to the old one meanwhile (the fold skips versions a project already has).
 * Reads are answered from the live model all along. One rebuild at a time, across replicas, by lease; its
 * progress is kept in `projects_rebuilds` (in the service's SQL database, wherever the read model is), so any
 * replica can answer for it.
 */
@Injectable()
export class ProjectsRebuild implements BeforeApplicationShutdown {
  private readonly journal: RebuildJournal<ProjectsRebuildResult>;

  constructor(
    @Inject(CLOCK) clock: Clock,
    @Inject(DATABASE) db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ReadModelWriter) private readonly writer: ReadModelWriter,
    @Inject(PROJECT_MEMBERSHIPS) private readonly repository: ProjectMembershipsRepository,
  ) {
    this.journal = new RebuildJournal(db, clock, new Logger(ProjectsRebuild.name), {
      table: 'projects_rebuilds',
      lease: 'projects-rebuild',
      what: 'the projects read model',
    });
  }

  /** Starts a rebuild and answers at once; refused with `conflict` while one is running. */
  start(pageSize = DEFAULT_PAGE_SIZE): Promise<ProjectsRebuildStatus> {
    return this.journal.run({
      options: { pageSize },
      label: `, ${pageSize} events a page`,
      build: (run) => this.build(run),
      discard: () => this.repository.dropShadow(),
    });
  }

  status(rebuildId?: string): Promise<ProjectsRebuildStatus> {
    return this.journal.status(rebuildId);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.journal.stop();
  }

  private async build(run: Run): Promise<{ result: ProjectsRebuildResult; summary: string }> {
    await this.repository.createShadow();
    const built = await this.replay(run, START, 'shadow', true);
    const builtEvents = run.events;
    await this.journal.tick(run, 'swapping', true);
    const projects = await this.journal.swap(run, () => this.repository.swapIn());
    await this.journal.tick(run, 'catching-up', true);
    // Not stopped by a shutdown: what the old model took since the copy was built would be missing.
    const position = await this.replay(run, built, 'live', false);
    const result: ProjectsRebuildResult = { ...runFigures(run, builtEvents, position), projects };
    const summary = doneSummary(result, `${projects} projects`);
    return { result, summary };
  }

  /** Reads the store from `from` to its end into `copy`, a page at a time; answers where it stopped. */
  private async replay(run: Run, from: string, copy: ReadModelCopy, stoppable: boolean): Promise<string> {
    let position = from;
    for (;;) {
      const page = await this.store.readAll({ from: position, limit: run.pageSize });
      if (page.events.length === 0) return position;
      if (stoppable && run.stopping) throw new Error('stopped: the projects service is shutting down');
      await this.writer.apply(copy, page.events.map(streamEventOf));
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
