import { aProject } from './project-memberships.contract';
import {
  guardedWrite,
  isDuplicateKey,
  membershipFilter,
  membershipsOf,
  pageFilter,
  PROJECT_INDEXES,
  toDocument,
  toState,
} from './mongo-project-documents';

describe('the projects read model as MongoDB documents', () => {
  const project = aProject('p1', { version: 3, clientIds: ['c2', 'c1'], minutes: 5 });

  it('keeps a project whole in one document, and reads it back as it was', () => {
    expect(toDocument(project)).toEqual({
      _id: 'p1',
      studioId: 'studio-a',
      name: 'Project p1',
      createdAt: new Date('2026-01-01T09:05:00.000Z'),
      version: 3,
      clientIds: ['c2', 'c1'],
    });
    expect(toState(toDocument(project))).toEqual(project);
  });

  it('writes over a document only while its version is older, and keeps what never changes on insert', () => {
    expect(guardedWrite(project)).toEqual({
      filter: { _id: 'p1', version: { $lt: 3 } },
      update: {
        $set: { name: 'Project p1', version: 3, clientIds: ['c2', 'c1'] },
        $setOnInsert: { studioId: 'studio-a', createdAt: new Date('2026-01-01T09:05:00.000Z') },
      },
    });
  });

  it('pages newest first after the cursor, within the studio, optionally of one client', () => {
    expect(pageFilter({ studioId: 's', limit: 5 })).toEqual({ studioId: 's' });
    const createdAt = new Date('2026-01-01T09:00:00.000Z');
    expect(
      pageFilter({
        studioId: 's',
        clientId: 'c1',
        limit: 5,
        after: { createdAt: createdAt.toISOString(), id: 'p9' },
      }),
    ).toEqual({
      studioId: 's',
      clientIds: 'c1',
      $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: 'p9' } }],
    });
  });

  it('answers memberships of the asked clients only, in the projects order', () => {
    expect(membershipFilter('s', ['c1'])).toEqual({ studioId: 's', clientIds: { $in: ['c1'] } });
    expect(
      membershipsOf(
        [
          { _id: 'b', name: 'Barn', clientIds: ['c2', 'c1', 'c9'] },
          { _id: 'a', name: 'Attic', clientIds: ['c1'] },
        ],
        ['c1', 'c2'],
      ),
    ).toEqual([
      { clientId: 'c2', projectId: 'b', name: 'Barn' },
      { clientId: 'c1', projectId: 'b', name: 'Barn' },
      { clientId: 'c1', projectId: 'a', name: 'Attic' },
    ]);
  });

  it('indexes the list order and the members, each led by the studio', () => {
    expect(PROJECT_INDEXES.map((index) => index.key)).toEqual([
      { studioId: 1, createdAt: -1, _id: -1 },
      { studioId: 1, clientIds: 1 },
    ]);
  });

  it('knows a duplicate key error by its code', () => {
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey(new Error('other'))).toBe(false);
  });
});
