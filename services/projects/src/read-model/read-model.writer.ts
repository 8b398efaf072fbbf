import { Inject, Injectable } from '@nestjs/common';
import { ProjectCommandHandler } from '../projects/project-command.handler';
import { projectEventOf } from '../projects/project-stream';
import {
  PROJECT_MEMBERSHIPS,
  type ProjectMembershipsRepository,
  type ReadModelCopy,
  type VersionedProjectEvent,
} from './project-memberships.repository';

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
    @Inject(PROJECT_MEMBERSHIPS) private readonly repository: ProjectMembershipsRepository,
    @Inject(ProjectCommandHandler) private readonly projects: ProjectCommandHandler,
  ) {}

  /** Events of other streams are skipped; answers how many project rows changed. */
  async apply(copy: ReadModelCopy, events: readonly StreamEvent[]): Promise<number> {
    const versioned = events.flatMap((stored): VersionedProjectEvent[] => {
      const event = projectEventOf(stored);
      return event === undefined
        ? []
        : [{ projectId: event.data.projectId, streamVersion: stored.streamVersion, event }];
    });
    const { changed, behind } = await this.repository.fold(copy, versioned);
    let repaired = 0;
    for (const projectId of behind) {
      const { state } = await this.projects.load(projectId);
      if (state.kind === 'existing') repaired += await this.repository.upsert(copy, [state]);
    }
    return changed + repaired;
  }
}
