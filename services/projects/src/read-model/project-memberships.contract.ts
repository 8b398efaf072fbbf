/**
 * What every adapter of ProjectMembershipsRepository must do. Each adapter's int-spec runs it against a real
 * server: `describeProjectMembershipsContract('PostgreSQL', openRepository)`; every test gets an empty store.
 */
import type { ProjectEvent } from '@studio/contracts';
import type { ExistingProjectState } from '@studio/project-domain';
import { encodeCursor, decodeCursor } from './cursor';
import type { ProjectMembershipsRepository, VersionedProjectEvent } from './project-memberships.repository';

/** A repository on an empty store, and how to close it. */
export type OpenRepository = () => Promise<{
  readonly repository: ProjectMembershipsRepository;
  readonly close: () => Promise<void>;
}>;

const STUDIO = 'studio-a';
const OTHER_STUDIO = 'studio-b';

/** A project at `version` with these clients, made `minutes` after a fixed time. */
export const aProject = (
  id: string,
  overrides: Partial<ExistingProjectState> & { readonly minutes?: number } = {},
): ExistingProjectState => {
  const { minutes = 0, ...rest } = overrides;
  return {
    kind: 'existing',
    projectId: id,
    studioId: STUDIO,
    name: `Project ${id}`,
    clientIds: [],
    createdAt: new Date(Date.UTC(2026, 0, 1, 9, minutes)).toISOString(),
    version: 0,
    ...rest,
  };
};

const base = (projectId: string) => ({
  studioId: STUDIO,
  projectId,
  at: '2026-01-01T09:00:00.000Z',
  by: { kind: 'staff', id: 'staff-1' },
});
const event = (projectId: string, streamVersion: number, e: Omit<ProjectEvent, 'data'> & { data?: object }) =>
  ({
    projectId,
    streamVersion,
    event: { type: e.type, data: { ...base(projectId), ...e.data } },
  }) as VersionedProjectEvent;
const created = (id: string) => event(id, 0, { type: 'ProjectCreated', data: { name: 'First' } });
const added = (id: string, v: number, clientId: string) =>
  event(id, v, { type: 'ClientAddedToProject', data: { clientId } });
const renamed = (id: string, v: number, name: string) =>
  event(id, v, { type: 'ProjectRenamed', data: { name } });

export function describeProjectMembershipsContract(name: string, open: OpenRepository): void {
  describe(`ProjectMembershipsRepository contract: ${name}`, () => {
    let repository: ProjectMembershipsRepository;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ repository, close } = await open());
    });
    afterEach(() => close());

    it('writes a state only over an older version: a repeat or a late write changes nothing', async () => {
      const v1 = aProject('p1', { version: 1, clientIds: ['c1'] });
      expect(await repository.upsert('live', [v1])).toBe(1);
      expect(await repository.upsert('live', [v1])).toBe(0);
      expect(await repository.upsert('live', [{ ...v1, version: 0, name: 'Stale' }])).toBe(0);
      const v2 = { ...v1, version: 2, name: 'Renamed', clientIds: ['c2', 'c1'] };
      expect(await repository.upsert('live', [v2])).toBe(1);
      expect(await repository.get(STUDIO, 'p1')).toEqual(v2);
    });

    it('keeps the newer of two first writes of a project made at once', async () => {
      const v0 = aProject('p1');
      const v1 = { ...v0, version: 1, clientIds: ['c1'] };
      await Promise.all([repository.upsert('live', [v0]), repository.upsert('live', [v1])]);
      expect(await repository.get(STUDIO, 'p1')).toEqual(v1);
    });

    it('folds events in stream order, skips applied ones, and names projects whose events went missing', async () => {
      const first = await repository.fold('live', [created('p1'), added('p1', 1, 'c1'), created('p2')]);
      expect(first).toEqual({ changed: 2, behind: new Set() });
      const again = await repository.fold('live', [
        added('p1', 1, 'c1'),
        renamed('p1', 2, 'Loft'),
        renamed('p2', 3, 'Gap'),
      ]);
      expect(again).toEqual({ changed: 1, behind: new Set(['p2']) });
      expect(await repository.get(STUDIO, 'p1')).toMatchObject({
        name: 'Loft',
        clientIds: ['c1'],
        version: 2,
      });
      expect(await repository.get(STUDIO, 'p2')).toMatchObject({ name: 'First', version: 0 });
    });

    it('folds two batches of one project at once without losing either', async () => {
      await repository.fold('live', [created('p1')]);
      await Promise.all([
        repository.fold('live', [added('p1', 1, 'c1'), added('p1', 2, 'c2')]),
        repository.fold('live', [added('p1', 1, 'c1')]),
      ]);
      expect(await repository.get(STUDIO, 'p1')).toMatchObject({ clientIds: ['c1', 'c2'], version: 2 });
    });

    it('answers a project within its own studio only', async () => {
      await repository.upsert('live', [aProject('p1')]);
      expect(await repository.get(STUDIO, 'p1')).toEqual(aProject('p1'));
      expect(await repository.get(OTHER_STUDIO, 'p1')).toBeUndefined();
      expect(await repository.get(STUDIO, 'nope')).toBeUndefined();
    });

    it('lists a studio newest first in keyset pages, optionally of one client', async () => {
      await repository.upsert('live', [
        aProject('a', { minutes: 1, clientIds: ['c1'] }),
        aProject('b', { minutes: 2 }),
        aProject('c', { minutes: 2, clientIds: ['c1', 'c2'] }),
        aProject('d', { minutes: 3 }),
        aProject('x', { minutes: 9, studioId: OTHER_STUDIO, clientIds: ['c1'] }),
      ]);
      const ids = (states: readonly ExistingProjectState[]) => states.map((s) => s.projectId);
      const first = await repository.list({ studioId: STUDIO, limit: 2 });
      expect(ids(first)).toEqual(['d', 'c']);
      const last = first.at(-1)!;
      // Through the cursor the API hands out, as the reader does.
      const after = decodeCursor(encodeCursor({ createdAt: last.createdAt, id: last.projectId }));
      expect(ids(await repository.list({ studioId: STUDIO, limit: 5, after }))).toEqual(['b', 'a']);
      expect(ids(await repository.list({ studioId: STUDIO, clientId: 'c1', limit: 5 }))).toEqual(['c', 'a']);
    });

    it("answers each client's projects, newest first, within the studio", async () => {
      await repository.upsert('live', [
        aProject('a', { minutes: 1, name: 'Attic', clientIds: ['c1'] }),
        aProject('b', { minutes: 2, name: 'Barn', clientIds: ['c2', 'c1'] }),
        aProject('x', { minutes: 3, studioId: OTHER_STUDIO, clientIds: ['c1'] }),
      ]);
      const found = await repository.memberships(STUDIO, ['c1', 'c2', 'c3']);
      const byClient = (clientId: string) =>
        found.filter((m) => m.clientId === clientId).map(({ projectId, name }) => ({ projectId, name }));
      expect(byClient('c1')).toEqual([
        { projectId: 'b', name: 'Barn' },
        { projectId: 'a', name: 'Attic' },
      ]);
      expect(byClient('c2')).toEqual([{ projectId: 'b', name: 'Barn' }]);
      expect(found).toHaveLength(3);
      expect(await repository.memberships(STUDIO, [])).toEqual([]);
    });

    it('fills a copy beside the live model and swaps it in whole', async () => {
      await repository.upsert('live', [aProject('old'), aProject('kept', { name: 'Live' })]);
      await repository.createShadow();
      await repository.fold('shadow', [created('kept'), added('kept', 1, 'c1'), created('new')]);
      // Not seen until the swap.
      expect(await repository.get(STUDIO, 'new')).toBeUndefined();
      expect(await repository.swapIn()).toBe(2);
      expect(await repository.get(STUDIO, 'old')).toBeUndefined();
      expect(await repository.get(STUDIO, 'kept')).toMatchObject({ name: 'First', clientIds: ['c1'] });
      // The swapped-in model takes writes and answers lists as the old one did.
      expect(await repository.fold('live', [renamed('new', 1, 'Newer')])).toMatchObject({ changed: 1 });
      expect((await repository.list({ studioId: STUDIO, clientId: 'c1', limit: 5 })).length).toBe(1);
      // A copy made again replaces a dropped or failed one.
      await repository.createShadow();
      await repository.fold('shadow', [created('lost')]);
      await repository.dropShadow();
      await repository.createShadow();
      expect(await repository.swapIn()).toBe(0);
    });
  });
}
