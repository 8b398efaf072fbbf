import type { ProjectEvent } from '@studio/contracts';
import type { ExistingProjectState, ProjectState } from './project.state';

/** Folds one event into the state. Total: an event before ProjectCreated (a broken stream) changes nothing. */
export function evolve(state: ProjectState, event: ProjectEvent): ProjectState {
  if (event.type === 'ProjectCreated') {
    const { studioId, projectId, name, at } = event.data;
    return { kind: 'existing', studioId, projectId, name, clientIds: [], createdAt: at, version: 0 };
  }
  if (state.kind === 'initial') return state;
  return { ...apply(state, event), version: state.version + 1 };
}

function apply(state: ExistingProjectState, event: Exclude<ProjectEvent, { type: 'ProjectCreated' }>) {
  switch (event.type) {
    case 'ProjectRenamed':
      return { ...state, name: event.data.name };
    case 'ClientAddedToProject':
      return { ...state, clientIds: [...state.clientIds, event.data.clientId] };
    case 'ClientRemovedFromProject':
      return { ...state, clientIds: state.clientIds.filter((id) => id !== event.data.clientId) };
  }
}
