import { given } from './testing/decider.scenario';
import {
  aClientAddedToProject,
  aClientRemovedFromProject,
  aCreateProject,
  anAddClientToProject,
  aProjectCreated,
  aProjectRenamed,
  aRemoveClientFromProject,
  aRenameProject,
  OTHER_STUDIO_ID,
  T1,
} from './testing/project.builders';

const later = { now: T1 };
const atLater = { at: T1.toISOString() };

describe('project decider: create and rename', () => {
  it('(new) create → ProjectCreated, the name trimmed', () => {
    given()
      .when(aCreateProject({ name: '  Loft renovation ' }))
      .then(aProjectCreated({ name: 'Loft renovation' }));
  });

  it('(new) create with a blank name → validation-failed naming the field', () => {
    const problem = given()
      .when(aCreateProject({ name: '   ' }))
      .thenFails('validation-failed');
    expect(problem.errors).toEqual([{ field: 'name', message: 'is required' }]);
  });

  it('(new) create with a name over 200 characters → validation-failed', () => {
    given()
      .when(aCreateProject({ name: 'x'.repeat(201) }))
      .thenFails('validation-failed');
  });

  it('(existing) create again with the same id → conflict, nothing appended', () => {
    given(aProjectCreated()).when(aCreateProject()).thenFails('conflict');
  });

  it('rename → ProjectRenamed', () => {
    given(aProjectCreated())
      .when(aRenameProject({ name: 'Loft, phase two', ...later }))
      .then(aProjectRenamed({ name: 'Loft, phase two', ...atLater }));
  });

  it('rename to the name it has → no event', () => {
    given(aProjectCreated({ name: 'Loft' }))
      .when(aRenameProject({ name: ' Loft ' }))
      .then();
  });

  it('rename to a blank name → validation-failed', () => {
    given(aProjectCreated())
      .when(aRenameProject({ name: '' }))
      .thenFails('validation-failed');
  });
});

describe('project decider: clients', () => {
  it('add a client of the studio → ClientAddedToProject', () => {
    given(aProjectCreated())
      .when(anAddClientToProject({ clientId: 'c-9', ...later }))
      .then(aClientAddedToProject({ clientId: 'c-9', ...atLater }));
  });

  it('add a client already in it → no event (204)', () => {
    given(aProjectCreated(), aClientAddedToProject()).when(anAddClientToProject()).then();
  });

  it('add a client again after their removal → ClientAddedToProject', () => {
    given(aProjectCreated(), aClientAddedToProject(), aClientRemovedFromProject())
      .when(anAddClientToProject())
      .then(aClientAddedToProject());
  });

  it('add a client the registry does not know in this studio → client-not-found', () => {
    given(aProjectCreated())
      .when(anAddClientToProject({ clientInStudio: false }))
      .thenFails('client-not-found');
  });

  it('remove a client in it → ClientRemovedFromProject', () => {
    given(aProjectCreated(), aClientAddedToProject())
      .when(aRemoveClientFromProject(later))
      .then(aClientRemovedFromProject(atLater));
  });

  it('remove a client not in it → no event (204)', () => {
    given(aProjectCreated()).when(aRemoveClientFromProject()).then();
  });

  it('remove a client already removed → no event', () => {
    given(aProjectCreated(), aClientAddedToProject(), aClientRemovedFromProject())
      .when(aRemoveClientFromProject())
      .then();
  });
});

describe('project decider: refusals for a project that is not there', () => {
  const commands = [
    ['RenameProject', aRenameProject()],
    ['AddClientToProject', anAddClientToProject()],
    ['AddClientToProject, client unknown too', anAddClientToProject({ clientInStudio: false })],
    ['RemoveClientFromProject', aRemoveClientFromProject()],
  ] as const;

  it.each(commands)('%s on no project → project-not-found', (_name, command) => {
    given().when(command).thenFails('project-not-found');
  });

  it.each(commands)("%s on another studio's project → project-not-found", (_name, command) => {
    given(
      aProjectCreated({ studioId: OTHER_STUDIO_ID }),
      aClientAddedToProject({ studioId: OTHER_STUDIO_ID }),
    )
      .when(command)
      .thenFails('project-not-found');
  });
});
