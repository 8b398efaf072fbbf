import { Inject, Injectable, Logger } from '@nestjs/common';
import { isProjectEvent, Problem, type ProjectWriteResult } from '@studio/contracts';
import {
  decide,
  evolve,
  type ExistingProjectState,
  initialProjectState,
  type ProjectCommand,
  type ProjectState,
  toProjectView,
  visible,
} from '@studio/project-domain';
import { type EventStore, START, WrongExpectedVersionError } from '@studio/event-store';
import { errorMessage } from '@studio/messaging';
import { EVENT_STORE } from '@studio/service-kit';
import {
  PROJECT_MEMBERSHIPS,
  type ProjectMembershipsRepository,
} from '../read-model/project-memberships.repository';
import { projectStream, toNewEvent } from './project-stream';

export interface LoadedProject {
  readonly state: ProjectState;
  /** Where the stream's last event stands in the store (START when there is none). */
  readonly position: string;
}

/** Attempts of a decision that lost a race with a concurrent writer: re-read, re-decide. */
const ATTEMPTS = 4;

/**
 * Handles project commands: reads the stream, decides, appends with optimistic concurrency (re-reading and
 * deciding again on a lost race), then writes the new state to the read model before answering, so the
 * session that wrote reads its write. Should that last write fail, the consumer of project events repairs it.
 */
@Injectable()
export class ProjectCommandHandler {
  private readonly log = new Logger(ProjectCommandHandler.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECT_MEMBERSHIPS) private readonly readModel: ProjectMembershipsRepository,
  ) {}

  async load(projectId: string): Promise<LoadedProject> {
    const events = await this.store.readStream(projectStream(projectId));
    // A stream only ever holds project events; anything else would be a broken stream and is skipped.
    const state = events.reduce<ProjectState>((current, stored) => {
      const candidate = { type: stored.type, data: stored.data };
      return isProjectEvent(candidate) ? evolve(current, candidate) : current;
    }, initialProjectState);
    return { state, position: events.at(-1)?.position ?? START };
  }

  /** The project as a studio may see it: another studio's project does not exist for it. */
  async loadVisible(studioId: string, projectId: string): Promise<ExistingProjectState> {
    return visible((await this.load(projectId)).state, studioId);
  }

  async execute(command: ProjectCommand): Promise<ProjectWriteResult> {
    const { projectId } = command.data;
    for (let attempt = 1; ; attempt++) {
      // A create mints a fresh id: its stream cannot exist, so the first attempt need not read it.
      const fresh = command.type === 'CreateProject' && attempt === 1;
      const { state, position } = fresh
        ? { state: initialProjectState, position: START }
        : await this.load(projectId);
      const decided = decide(command, state);
      const next = decided.reduce(evolve, state);
      if (next.kind !== 'existing') throw Problem.of('project-not-found');
      if (decided.length === 0) return { project: toProjectView(next), position };
      try {
        const appended = await this.store.append(projectStream(projectId), decided.map(toNewEvent), {
          expectedVersion: state.kind === 'initial' ? 'no-stream' : state.version,
        });
        await this.project(next);
        return { project: toProjectView(next), position: appended.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (attempt >= ATTEMPTS) throw Problem.of('conflict', 'the project is changing too fast, try again');
      }
    }
  }

  /** The decided state into the read model; a failure here is repaired by the consumer of the events. */
  private async project(state: ExistingProjectState): Promise<void> {
    try {
      await this.readModel.upsert('live', [state]);
    } catch (error) {
      this.log.warn(
        `project ${state.projectId} v${state.version}: read model not written yet: ${errorMessage(error)}`,
      );
    }
  }
}
