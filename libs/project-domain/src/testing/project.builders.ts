/** Test builders: one meaningful default per event and command, overridden only where a test cares. */
import type { ActorRef, ProjectEvent, ProjectEventOf, ProjectEventType } from '@studio/contracts';
import type { ProjectCommand } from '../project.commands';

export const STUDIO_ID = 'studio-1';
export const OTHER_STUDIO_ID = 'studio-2';
export const PROJECT_ID = 'project-1';
export const CLIENT_ID = 'client-1';
export const STAFF: ActorRef = { kind: 'staff', id: 'staff-1' };
export const T0 = new Date('2025-03-01T09:00:00.000Z');
export const T1 = new Date('2025-03-01T10:00:00.000Z');

const eventBase = { studioId: STUDIO_ID, projectId: PROJECT_ID, at: T0.toISOString(), by: STAFF };
const commandBase = { studioId: STUDIO_ID, projectId: PROJECT_ID, now: T0, by: STAFF };

type EventOverrides<T extends ProjectEventType> = Partial<ProjectEventOf<T>['data']>;
type Data<T extends ProjectCommand['type']> = Extract<ProjectCommand, { type: T }>['data'];
type CommandOverrides<T extends ProjectCommand['type']> = Partial<Data<T>>;

// TypeScript cannot tie `type` to its `data` through a generic; the signatures below do it for callers.
function event<T extends ProjectEventType>(type: T, data: ProjectEventOf<T>['data']): ProjectEvent {
  return { type, data } as ProjectEvent;
}
function command<T extends ProjectCommand['type']>(type: T, data: Data<T>): ProjectCommand {
  return { type, data } as ProjectCommand;
}

export const aProjectCreated = (o: EventOverrides<'ProjectCreated'> = {}) =>
  event('ProjectCreated', { ...eventBase, name: 'Loft renovation', ...o });

export const aProjectRenamed = (o: EventOverrides<'ProjectRenamed'> = {}) =>
  event('ProjectRenamed', { ...eventBase, name: 'Loft, phase two', ...o });

export const aClientAddedToProject = (o: EventOverrides<'ClientAddedToProject'> = {}) =>
  event('ClientAddedToProject', { ...eventBase, clientId: CLIENT_ID, ...o });

export const aClientRemovedFromProject = (o: EventOverrides<'ClientRemovedFromProject'> = {}) =>
  event('ClientRemovedFromProject', { ...eventBase, clientId: CLIENT_ID, ...o });

export const aCreateProject = (o: CommandOverrides<'CreateProject'> = {}) =>
  command('CreateProject', { ...commandBase, name: 'Loft renovation', ...o });

export const aRenameProject = (o: CommandOverrides<'RenameProject'> = {}) =>
  command('RenameProject', { ...commandBase, name: 'Loft, phase two', ...o });

export const anAddClientToProject = (o: CommandOverrides<'AddClientToProject'> = {}) =>
  command('AddClientToProject', { ...commandBase, clientId: CLIENT_ID, clientInStudio: true, ...o });

export const aRemoveClientFromProject = (o: CommandOverrides<'RemoveClientFromProject'> = {}) =>
  command('RemoveClientFromProject', { ...commandBase, clientId: CLIENT_ID, ...o });
