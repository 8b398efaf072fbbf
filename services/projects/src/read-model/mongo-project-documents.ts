/**
 * The projects read model as MongoDB documents: one per project, `_id` its id, its clients embedded in order of
 * adding (a project's members are read and written with it, so no second collection). Pure: the shapes, the
 * indexes, and the filters and updates the adapter sends.
 */
import type { Filter, IndexDescription, Sort, UpdateFilter } from 'mongodb';
import type { ExistingProjectState } from '@studio/project-domain';
import type { Membership, ProjectPageQuery, ReadModelCopy } from './project-memberships.repository';

export interface ProjectDocument {
  readonly _id: string;
  readonly studioId: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly version: number;
  readonly clientIds: readonly string[];
}

export const COLLECTIONS: Readonly<Record<ReadModelCopy, string>> = {
  live: 'projects',
  shadow: 'projects_rebuild',
};

/** The list's order (newest first) within a studio, and a client's projects: created at start-up. */
export const PROJECT_INDEXES: readonly IndexDescription[] = [
  { key: { studioId: 1, createdAt: -1, _id: -1 }, name: 'projects_newest_first' },
  { key: { studioId: 1, clientIds: 1 }, name: 'projects_by_client' },
];

export const NEWEST_FIRST: Sort = { createdAt: -1, _id: -1 };

export function toDocument(state: ExistingProjectState): ProjectDocument {
  return {
    _id: state.projectId,
    studioId: state.studioId,
    name: state.name,
    createdAt: new Date(state.createdAt),
    version: state.version,
    clientIds: [...state.clientIds],
  };
}

export function toState(document: ProjectDocument): ExistingProjectState {
  return {
    kind: 'existing',
    projectId: document._id,
    studioId: document.studioId,
    name: document.name,
    clientIds: [...document.clientIds],
    createdAt: document.createdAt.toISOString(),
    version: document.version,
  };
}

/**
 * The version-guarded write of a state: it matches the document only while its version is older, so a repeat
 * or a late write matches nothing. With `upsert`, a missing document is inserted; one that is there and newer
 * makes the insert fail on `_id` (duplicate key), which the adapter takes as "unchanged".
 */
export function guardedWrite(state: ExistingProjectState): {
  readonly filter: Filter<ProjectDocument>;
  readonly update: UpdateFilter<ProjectDocument>;
} {
  const { _id, studioId, createdAt, ...changing } = toDocument(state);
  return {
    filter: { _id, version: { $lt: state.version } },
    update: { $set: changing, $setOnInsert: { studioId, createdAt } },
  };
}

/** A page's filter: the studio, a member, and the keyset after the cursor in the newest-first order. */
export function pageFilter({ studioId, clientId, after }: ProjectPageQuery): Filter<ProjectDocument> {
  const createdAt = after && new Date(after.createdAt);
  return {
    studioId,
    ...(clientId === undefined ? {} : { clientIds: clientId }),
    ...(after === undefined
      ? {}
      : { $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: after.id } }] }),
  };
}

/** The studio's projects that have any of these clients. */
export const membershipFilter = (
  studioId: string,
  clientIds: readonly string[],
): Filter<ProjectDocument> => ({
  studioId,
  clientIds: { $in: [...clientIds] },
});

/** One membership per asked-for client of each project, in the projects' order. */
export function membershipsOf(
  projects: readonly Pick<ProjectDocument, '_id' | 'name' | 'clientIds'>[],
  clientIds: readonly string[],
): Membership[] {
  const asked = new Set(clientIds);
  return projects.flatMap((project) =>
    project.clientIds
      .filter((clientId) => asked.has(clientId))
      .map((clientId) => ({ clientId, projectId: project._id, name: project.name })),
  );
}

/** MongoDB's duplicate key error: an upsert found the document there, newer. */
export const isDuplicateKey = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
