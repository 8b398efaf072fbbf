/**
 * The port of the projects read model (one document per project with its clients in order of adding): the
 * writes of the write path, of the consumer of project events and of a rebuild, guarded by the project's
 * stream version, and the reads the service answers. Adapters: SQL (PostgreSQL, PGlite) and MongoDB; one
 * contract suite (project-memberships.contract.ts) runs both.
 */
import type { ProjectEvent } from '@studio/contracts';
import {
  evolve,
  type ExistingProjectState,
  initialProjectState,
  type ProjectState,
} from '@studio/project-domain';
import type { ProjectCursor } from './cursor';

/** The live read model, or the fresh copy a rebuild fills beside it. */
export type ReadModelCopy = 'live' | 'shadow';

/** A project event with its place in its stream. */
export interface VersionedProjectEvent {
  readonly projectId: string;
  readonly streamVersion: number;
  readonly event: ProjectEvent;
}

export interface FoldResult {
  /** Projects whose document changed. */
  readonly changed: number;
  /** Projects whose documents lag more than one event behind (events went missing): written from their streams. */
  readonly behind: ReadonlySet<string>;
}

export interface ProjectPageQuery {
  readonly studioId: string;
  /** Only the projects this client is in. */
  readonly clientId?: string;
  /** Projects after this one (newest first). */
  readonly after?: ProjectCursor;
  readonly limit: number;
}

export interface Membership {
  readonly clientId: string;
  readonly projectId: string;
  readonly name: string;
}

export interface ProjectMembershipsRepository {
  /**
   * Writes each state over its project's document when the state is newer (version < incoming), else leaves it:
   * applied twice, or late, it changes nothing. Answers how many documents changed.
   */
  upsert(copy: ReadModelCopy, states: Iterable<ExistingProjectState>): Promise<number>;
  /** Folds events (in their stream order) into `copy` atomically, with `foldProjectEvents` on what is stored. */
  fold(copy: ReadModelCopy, events: readonly VersionedProjectEvent[]): Promise<FoldResult>;
  /** The live project, within its studio only. */
  get(studioId: string, projectId: string): Promise<ExistingProjectState | undefined>;
  /** Newest first (creation time, then id, both descending), after the cursor; at most `limit`. */
  list(query: ProjectPageQuery): Promise<ExistingProjectState[]>;
  /** The projects each of these clients is in, newest project first. */
  memberships(studioId: string, clientIds: readonly string[]): Promise<Membership[]>;
  /** An empty copy, replacing what a failed rebuild left. */
  createShadow(): Promise<void>;
  dropShadow(): Promise<void>;
  /** Puts the copy in place of the live model at once; answers its number of projects. */
  swapIn(): Promise<number>;
}

export const PROJECT_MEMBERSHIPS = Symbol('ProjectMembershipsRepository');

/**
 * Pure: folds events onto the stored states. An event the state has already is skipped, the next one is
 * applied; a project whose next event is missing is reported behind and left as it is.
 */
export function foldProjectEvents(
  stored: ReadonlyMap<string, ExistingProjectState>,
  events: readonly VersionedProjectEvent[],
): { readonly newer: ExistingProjectState[]; readonly behind: ReadonlySet<string> } {
  const states = new Map<string, ProjectState>(stored);
  const touched = new Set<string>();
  const behind = new Set<string>();
  for (const { projectId, streamVersion, event } of events) {
    const state = states.get(projectId) ?? initialProjectState;
    if (streamVersion <= state.version) continue;
    if (streamVersion !== state.version + 1 || behind.has(projectId)) {
      behind.add(projectId);
      continue;
    }
    states.set(projectId, evolve(state, event));
    touched.add(projectId);
  }
  const newer = [...touched].flatMap((id) => {
    const state = states.get(id);
    return state?.kind === 'existing' ? [state] : [];
  });
  return { newer, behind };
}
