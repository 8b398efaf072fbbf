/**
 * The events of a project stream (`project-<projectId>`, SPEC §1 "Projects"). Like client events they name the
 * studio, the project, the time and the actor; the event log is permanent.
 */
import type { ActorRef } from './client-events';
import { isRecord } from './guards';

interface ProjectEventBase {
  readonly studioId: string;
  readonly projectId: string;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly by: ActorRef;
}

type EventShape<T extends string, D> = { readonly type: T; readonly data: ProjectEventBase & D };

export type ProjectCreated = EventShape<'ProjectCreated', { readonly name: string }>;
export type ProjectRenamed = EventShape<'ProjectRenamed', { readonly name: string }>;
export type ClientAddedToProject = EventShape<'ClientAddedToProject', { readonly clientId: string }>;
export type ClientRemovedFromProject = EventShape<'ClientRemovedFromProject', { readonly clientId: string }>;

export type ProjectEvent = ProjectCreated | ProjectRenamed | ClientAddedToProject | ClientRemovedFromProject;

export type ProjectEventType = ProjectEvent['type'];

export type ProjectEventOf<T extends ProjectEventType> = Extract<ProjectEvent, { type: T }>;

// A Record, so the compiler refuses a list that misses a type.
const TYPES: Record<ProjectEventType, true> = {
  ProjectCreated: true,
  ProjectRenamed: true,
  ClientAddedToProject: true,
  ClientRemovedFromProject: true,
};

export const PROJECT_EVENT_TYPES = Object.keys(TYPES) as readonly ProjectEventType[];

/** Checks the envelope (a known type, and data naming studio, project, time and actor), not every field. */
export function isProjectEvent(value: unknown): value is ProjectEvent {
  if (!isRecord(value) || !isProjectEventType(value.type) || !isRecord(value.data)) return false;
  const { studioId, projectId, at, by } = value.data;
  return (
    typeof studioId === 'string' && typeof projectId === 'string' && typeof at === 'string' && isRecord(by)
  );
}

export function isProjectEventType(value: unknown): value is ProjectEventType {
  return typeof value === 'string' && Object.hasOwn(TYPES, value);
}
