import { setTimeout as sleep } from 'node:timers/promises';
import { type ProjectsRebuildStatus, RequestSubject } from '@studio/contracts';
import { ProjectsHarness, STUDIO_A, STUDIO_B } from '../testing/projects.harness';

describe.each(['postgres', 'pglite'] as const)(
  'rebuilding the projects read model from the event store (%s)',
  (backbone) => {
    let h: ProjectsHarness;

    beforeAll(async () => {
      h = await ProjectsHarness.start(backbone);
    });
    afterAll(() => h?.stop());

    const status = (rebuildId?: string) =>
      h.request<ProjectsRebuildStatus>(RequestSubject.projectsRebuildStatus, rebuildId ? { rebuildId } : {});
    const finished = async (rebuildId: string): Promise<ProjectsRebuildStatus> => {
      const until = Date.now() + 20_000;
      for (;;) {
        const current = await status(rebuildId);
        if (current.state !== 'running') return current;
        if (Date.now() > until) throw new Error(`rebuild ${rebuildId} still running`);
        await sleep(100);
      }
    };

    it('replays every project event from position 0 into a copy, swaps it in, and reads answer from it', async () => {
      const client = await h.addClient();
      const theirClient = await h.addClient(STUDIO_B);
      const loft = await h.create('Loft');
      const kitchen = await h.create('Kitchen');
      const theirs = await h.create('Theirs', STUDIO_B);
      await h.member(RequestSubject.addClientToProject, loft, client.id);
      await h.member(RequestSubject.addClientToProject, kitchen, client.id);
      await h.member(RequestSubject.removeClientFromProject, kitchen, client.id);
      await h.request(RequestSubject.renameProject, {
        studioId: STUDIO_A,
        projectId: loft.id,
        name: 'Loft II',
      });
      await h.member(RequestSubject.addClientToProject, theirs, theirClient.id, STUDIO_B);
      const before = await Promise.all([h.get(loft.id), h.get(kitchen.id), h.get(theirs.id, STUDIO_B)]);

      // The live read model is damaged: rows lost, a stray one added.
      await h.db.query('DELETE FROM project_members');
      await h.db.query('DELETE FROM projects WHERE project_id = $1', [loft.id]);
      await h.db.query(
        `INSERT INTO projects (project_id, studio_id, name, created_at, version) VALUES ('stray', $1, 'x', now(), 0)`,
        [STUDIO_A],
      );

      const started = await h.request<ProjectsRebuildStatus>(RequestSubject.rebuildProjects, { pageSize: 2 });
      expect(started).toMatchObject({ state: 'running', phase: 'building' });
      const done = await finished(started.rebuildId);
      expect(done).toMatchObject({ state: 'succeeded', phase: 'done', error: null });
      expect(done.result).toMatchObject({ projects: 3 });
      expect(done.result!.events).toBeGreaterThanOrEqual(8);
      expect(await status()).toMatchObject({ rebuildId: started.rebuildId });

      expect(await Promise.all([h.get(loft.id), h.get(kitchen.id), h.get(theirs.id, STUDIO_B)])).toEqual(
        before,
      );
      await expect(h.get('stray')).rejects.toMatchObject({ problem: { code: 'project-not-found' } });
      // The swapped-in tables take writes as the old ones did.
      const after = await h.member(RequestSubject.addClientToProject, kitchen, client.id);
      expect(after.project).toMatchObject({ clientIds: [client.id], version: 3 });
      expect(await h.get(kitchen.id)).toEqual(after.project);
    });

    it('refuses a page size out of range, and an unknown rebuild is not-found', async () => {
      await expect(h.request(RequestSubject.rebuildProjects, { pageSize: 0 })).rejects.toMatchObject({
        problem: { code: 'validation-failed' },
      });
      await expect(status('no-such-rebuild')).rejects.toMatchObject({ problem: { code: 'not-found' } });
    });
  },
);
