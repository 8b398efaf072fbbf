import {
  CLOCK,
  type Clock,
  DATABASE,
  doneSummary,
  runFigures,
  RebuildJournal,
  type RebuildRun,
  REQUESTER,
} from '@studio/service-kit';
import type { SqlDatabase } from '@studio/sql';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import {
  type ClientIndexRebuildResult,
  type ClientIndexRebuildStatus,
  type PublishedEvent,
  type ReadEventsBody,
  type ReadEventsResult,
  RequestSubject,
  Problem,
} from '@studio/contracts';
import { START } from '@studio/event-store';
import type { Requester } from '@studio/messaging';
import type { IndexChange } from '../client-index/client-fold';
import {
  CLIENT_INDEX,
  type ClientIndexRepository,
  type IndexCopy,
} from '../client-index/client-index.repository';
import { clientEventOf } from '../client-index/client-projection';

export const DEFAULT_PAGE_SIZE = 1_000;
const MAX_REMEMBERED_CLIENTS = 1_000_000;
const READ_ATTEMPTS = 5;
/** A dry run compares again while rows differ only because one side has not taken the newest events yet. */
const COMPARE_ATTEMPTS = 6;
const COMPARE_PAUSE_MS = 500;

interface Run extends RebuildRun {
  readonly pageSize: number;
  /** Compare the copy with the live index instead of swapping it in. */
  readonly dryRun: boolean;
}

type Outcome = { readonly result: ClientIndexRebuildResult; readonly summary: string };

/**
 * Rebuilds the client index from the first event without downtime: (a) replays the event store, read from
 * the registry page by page, into a fresh copy with the live consumer's own fold; (b) swaps the copy in at
 * once (the repository's swap); (c) replays again from where (a) stopped, onto the new live index, taking in
 * what the live consumer applied to the old one meanwhile (the fold skips versions a row already has). Reads
 * are answered from the live index all along. One rebuild at a time, across replicas, by lease; its progress
 * is kept in `client_index_rebuilds` (in the service's SQL database, wherever the index is), so any replica can
 * answer for it.
 */
@Injectable()
export class ClientIndexRebuild implements BeforeApplicationShutdown {
  private readonly journal: RebuildJournal<ClientIndexRebuildResult>;

  constructor(
    @Inject(CLOCK) clock: Clock,
    @Inject(DATABASE) db: SqlDatabase,
    @Inject(REQUESTER) private readonly requester: Requester,
    @Inject(CLIENT_INDEX) private readonly index: ClientIndexRepository,
  ) {
    this.journal = new RebuildJournal(db, clock, new Logger(ClientIndexRebuild.name), {
      table: 'client_index_rebuilds',
      lease: 'client-index-rebuild',
      what: 'the client index',
    });
  }

  /** Starts a rebuild and answers at once; refused with `conflict` while one is running. */
  start(pageSize = DEFAULT_PAGE_SIZE, dryRun = false): Promise<ClientIndexRebuildStatus> {
    return this.journal.run({
      options: { pageSize, dryRun },
      label: `${dryRun ? ' (dry run)' : ''}, ${pageSize} events a page`,
      build: (run) => this.build(run),
      discard: () => this.index.dropShadow(),
    });
  }

  status(rebuildId?: string): Promise<ClientIndexRebuildStatus> {
    return this.journal.status(rebuildId);
  }

  /** A shutdown stops a running rebuild at its next page; the live index is left as it was (or swapped). */
  beforeApplicationShutdown(): Promise<void> {
    return this.journal.stop();
  }

  private async build(run: Run): Promise<Outcome> {
    await this.index.createShadow();
    // The copy starts empty and is filled in order: only clients it took in already can have a row there.
    const copied = new Set<string>();
    const built = await this.replay(run, START, true, (page) => this.fold('shadow', page, copied));
    if (run.dryRun) return this.dryRun(run, built, copied);
    await this.index.indexShadow();
    const builtEvents = run.events;
    await this.journal.tick(run, 'swapping', true);
    const clients = await this.journal.swap(run, () => this.index.swapIn());
    await this.journal.tick(run, 'catching-up', true);
    // With the live consumer's own fold, which skips what a row already has. Not stopped by a shutdown:
    // what the old index took since the copy was built would be missing.
    const position = await this.replay(run, built, false, (page) => this.fold('live', page));
    const result: ClientIndexRebuildResult = { ...runFigures(run, builtEvents, position), clients };
    const summary = doneSummary(result, `${clients} clients`);
    return { result, summary };
  }

  /**
   * Compares the filled copy with the live index and drops it, swapping nothing. Rows that differ only because
   * the live consumer (or the copy) has not taken the newest events yet are compared again a little later.
   */
  private async dryRun(run: Run, built: string, copied: Set<string>): Promise<Outcome> {
    await this.journal.tick(run, 'comparing', true);
    const builtEvents = run.events;
    let position = built;
    let comparison = await this.index.compareWithLive();
    for (let attempt = 1; attempt < COMPARE_ATTEMPTS && comparison.count > 0; attempt++) {
      await sleep(COMPARE_PAUSE_MS);
      position = await this.replay(run, position, true, (page) => this.fold('shadow', page, copied));
      comparison = await this.index.compareWithLive();
    }
    const clients = await this.index.countShadow();
    await this.index.dropShadow();
    const result: ClientIndexRebuildResult = {
      ...runFigures(run, builtEvents, position),
      clients,
      differences: { count: comparison.count, shown: [...comparison.shown] },
    };
    return { result, summary: `dry run done, ${comparison.count} differences` };
  }

  /** One page of events into `copy`; `copied`: the clients a fresh copy has rows of so far. */
  private async fold(copy: IndexCopy, page: readonly PublishedEvent[], copied?: Set<string>): Promise<void> {
    const changes = page.flatMap((published): IndexChange[] => {
      const event = clientEventOf(published);
      return event === undefined ? [] : [{ published, event }];
    });
    // Past a million clients the set would cost more memory than the reads it saves: read as the live fold does.
    const known = copied && copied.size < MAX_REMEMBERED_CLIENTS ? copied : undefined;
    await this.index.fold(copy, changes, known && ((clientId) => known.has(clientId)));
    if (known) for (const { event } of changes) known.add(event.data.clientId);
  }

  /**
   * Reads the store from `from` to its end, handing each page to `fold` while the next one is read; returns
   * where it stopped.
   */
  private async replay(
    run: Run,
    from: string,
    stoppable: boolean,
    fold: (page: readonly PublishedEvent[]) => Promise<void>,
  ): Promise<string> {
    let position = from;
    let next = this.read({ from: position, limit: run.pageSize });
    for (;;) {
      const page = await next;
      if (page.events.length === 0) return position;
      next = this.read({ from: page.next, limit: run.pageSize });
      // Left unread if this replay ends here; its failure is of no interest then.
      next.catch(() => undefined);
      if (stoppable && run.stopping) throw new Error('stopped: the projector is shutting down');
      await fold(page.events);
      position = page.next;
      run.events += page.events.length;
      await this.journal.tick(run, run.phase);
    }
  }

  /** A page from the registry; a registry briefly away (restarting, a replica moving) is waited for. */
  private async read(body: ReadEventsBody): Promise<ReadEventsResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.requester.request<ReadEventsResult>(RequestSubject.readEvents, body);
      } catch (error) {
        const unavailable = error instanceof Problem && error.problem.code === 'service-unavailable';
        if (!unavailable || attempt >= READ_ATTEMPTS) throw error;
        await sleep(500 * attempt);
      }
    }
  }
}
