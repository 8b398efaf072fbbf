import { evolve } from './project.evolve';
import { initialProjectState } from './project.state';
import { toProjectView } from './project.view';
import {
  aClientAddedToProject,
  aClientRemovedFromProject,
  aProjectCreated,
  aProjectRenamed,
  PROJECT_ID,
  T0,
} from './testing/project.builders';

describe('project evolve', () => {
  it('folds a history into the project API.md shows, clients in the order they were added', () => {
    const state = [
      aProjectCreated({ name: 'Loft' }),
      aClientAddedToProject({ clientId: 'a' }),
      aClientAddedToProject({ clientId: 'b' }),
      aProjectRenamed({ name: 'Loft II' }),
      aClientRemovedFromProject({ clientId: 'a' }),
      aClientAddedToProject({ clientId: 'c' }),
    ].reduce(evolve, initialProjectState);
    expect(state.kind === 'existing' && toProjectView(state)).toEqual({
      id: PROJECT_ID,
      name: 'Loft II',
      clientIds: ['b', 'c'],
      createdAt: T0.toISOString(),
      version: 5,
    });
  });

  it('ignores events before the creation (a broken stream)', () => {
    expect(evolve(initialProjectState, aProjectRenamed())).toBe(initialProjectState);
  });
});
