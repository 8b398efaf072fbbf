import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@studio/service-kit';
import type { SqlDatabase } from '@studio/sql';
import { ProjectCommandHandler } from '../projects/project-command.handler';
import { projectEventOf } from '../projects/project-stream';
import { foldEvents, upsertStates, type VersionedProjectEvent } from './project-rows';
import type { ReadModelTarget } from './read-model-target';

/** A stored or published event: its stream, place in it, type and data. */
export interface StreamEvent {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly data: unknown;
}

/**
 * Applies project events to the read model (the live one, or a rebuild's copy) with the guarded fold; a
 * project whose row turns out to lag further behind is written whole from its stream.
 */
@Injectable()
export class ReadModelWriter {
  constructor(
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(ProjectCommandHandler) private readonly projects: ProjectCommandHandler,
  ) {}

  /** Events of other streams are skipped; answers how many project rows changed. */
  async apply(target: ReadModelTarget, events: readonly StreamEvent[]): Promise<number> {
    const versioned = events.flatMap((stored): VersionedProjectEvent[] => {
      const event = projectEventOf(stored);
      return event === undefined
        ? []
        : [{ projectId: event.data.projectId, streamVersion: stored.streamVersion, event }];
    });
    const { changed, behind } = await foldEvents(this.db, target, versioned);
    let repaired = 0;
    for (const projectId of behind) {
      const { state } = await this.projects.load(projectId);
      if (state.kind === 'existing')
        repaired += await this.db.transaction((tx) => upsertStates(tx, target, [state]));
    }
    return changed + repaired;
  }
}
