import { isProjectEvent, PROJECT_EVENT_TYPES } from './project-events';

const data = {
  studioId: 's',
  projectId: 'p',
  at: '2025-03-01T09:00:00.000Z',
  by: { kind: 'staff', id: 'u' },
};

describe('project events', () => {
  it('list the four event types of SPEC §1', () => {
    expect(PROJECT_EVENT_TYPES).toEqual([
      'ProjectCreated',
      'ProjectRenamed',
      'ClientAddedToProject',
      'ClientRemovedFromProject',
    ]);
  });

  it('are recognised by type and envelope', () => {
    expect(isProjectEvent({ type: 'ProjectRenamed', data: { ...data, name: 'Loft' } })).toBe(true);
    expect(isProjectEvent({ type: 'ProjectDeleted', data })).toBe(false);
    expect(isProjectEvent({ type: 'ProjectCreated', data: { ...data, projectId: 1 } })).toBe(false);
    expect(isProjectEvent({ type: 'ClientAdded', data })).toBe(false);
  });
});
