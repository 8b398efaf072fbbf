import {
  type ClientRecord,
  type ProjectDto,
  type ProjectMemberships,
  type ProjectPageDto,
  type PublishedEvent,
  RequestSubject,
} from '@studio/contracts';
import type { DurableMessage } from '@studio/messaging';
import { ReadModelWriter } from '../read-model/read-model.writer';
import { createShadow, dropShadow } from '../read-model/sql-project-memberships.swap';
import { eventually, ProjectsHarness, STUDIO_A, STUDIO_B } from '../testing/projects.harness';

const { addClientToProject: ADD, removeClientFromProject: REMOVE } = RequestSubject;

describe('projects service (real PostgreSQL, with the registry)', () => {
  let h: ProjectsHarness;
  const published: PublishedEvent[] = [];

  beforeAll(async () => {
    h = await ProjectsHarness.start();
    await h.system.bus.consume('test.project-events', 'events.project.>', async (message: DurableMessage) => {
      published.push({ ...(message.data as PublishedEvent), subject: message.subject } as PublishedEvent);
    });
  });
  afterAll(() => h?.stop());

  const refused = (promise: Promise<unknown>, code: string) =>
    expect(promise).rejects.toMatchObject({ problem: { code } });
  const list = (query: Record<string, unknown>, studioId = STUDIO_A) =>
    h.request<ProjectPageDto>(RequestSubject.listProjects, { studioId, limit: 25, ...query }, studioId);

  describe('create, rename, get', () => {
    it('creates a project with no clients at version 0, and reads it back at once (read your writes)', async () => {
      const project = await h.create('  Loft renovation ');
      expect(project).toMatchObject({ name: 'Loft renovation', clientIds: [], version: 0 });
      expect(await h.get(project.id)).toEqual(project);
    });

    it('renames a project; the same name again decides nothing', async () => {
      const project = await h.create();
      const renamed = await h.request<{ project: ProjectDto }>(RequestSubject.renameProject, {
        studioId: STUDIO_A,
        projectId: project.id,
        name: 'Loft, phase two',
      });
      expect(renamed.project).toMatchObject({ name: 'Loft, phase two', version: 1 });
      const again = await h.request<{ project: ProjectDto }>(RequestSubject.renameProject, {
        studioId: STUDIO_A,
        projectId: project.id,
        name: 'Loft, phase two',
      });
      expect(again.project.version).toBe(1);
      expect(await h.get(project.id)).toMatchObject({ name: 'Loft, phase two', version: 1 });
    });

    it('refuses a blank name with validation-failed naming the field', async () => {
      await expect(
        h.request(RequestSubject.createProject, { studioId: STUDIO_A, name: ' ' }),
      ).rejects.toMatchObject({ problem: { code: 'validation-failed', errors: [{ field: 'name' }] } });
    });
  });

  describe('clients of a project', () => {
    let client: ClientRecord;
    beforeAll(async () => {
      client = await h.addClient();
    });

    it('adds a client of the studio; adding again and removing one not in it change nothing', async () => {
      const project = await h.create();
      expect((await h.member(ADD, project, client.id)).project).toMatchObject({
        clientIds: [client.id],
        version: 1,
      });
      expect((await h.member(ADD, project, client.id)).project.version).toBe(1);
      expect((await h.member(REMOVE, project, 'nobody')).project.version).toBe(1);
      expect(await h.get(project.id)).toMatchObject({ clientIds: [client.id], version: 1 });
      expect((await h.member(REMOVE, project, client.id)).project).toMatchObject({
        clientIds: [],
        version: 2,
      });
    });

    it("refuses another studio's client, and an unknown one, with client-not-found", async () => {
      const project = await h.create();
      const theirs = await h.addClient(STUDIO_B);
      await refused(h.member(ADD, project, theirs.id), 'client-not-found');
      await refused(h.member(ADD, project, 'no-such-client'), 'client-not-found');
      expect((await h.get(project.id)).version).toBe(0);
    });

    it("answers project-not-found for another studio's project on every request, even with their own client", async () => {
      const theirs = await h.create('Their project', STUDIO_B);
      const theirClient = await h.addClient(STUDIO_B);
      await refused(h.get(theirs.id), 'project-not-found');
      await refused(
        h.request(RequestSubject.renameProject, { studioId: STUDIO_A, projectId: theirs.id, name: 'Mine' }),
        'project-not-found',
      );
      for (const subject of [ADD, REMOVE]) {
        await refused(h.member(subject, theirs, client.id), 'project-not-found');
        await refused(h.member(subject, theirs, theirClient.id), 'project-not-found');
      }
      await refused(h.get('no-such-project'), 'project-not-found');
      expect((await h.get(theirs.id, STUDIO_B)).name).toBe('Their project');
    });

    it('answers the projects of many clients in one request, newest first, within the studio', async () => {
      const other = await h.addClient();
      const first = await h.create('First');
      const second = await h.create('Second');
      await h.member(ADD, first, client.id);
      await h.member(ADD, second, client.id);
      await h.member(ADD, second, other.id);
      const memberships = await h.request<ProjectMemberships>(RequestSubject.projectMemberships, {
        studioId: STUDIO_A,
        clientIds: [client.id, other.id, 'nobody'],
      });
      expect(memberships[client.id]?.slice(0, 2)).toEqual([
        { id: second.id, name: 'Second' },
        { id: first.id, name: 'First' },
      ]);
      expect(memberships[other.id]).toEqual([{ id: second.id, name: 'Second' }]);
      expect(memberships.nobody).toEqual([]);
      const elsewhere = await h.request<ProjectMemberships>(
        RequestSubject.projectMemberships,
        { studioId: STUDIO_B, clientIds: [client.id] },
        STUDIO_B,
      );
      expect(elsewhere[client.id]).toEqual([]);
    });
  });

  describe('the list', () => {
    it('lists newest first, a page at a time by cursor, and filters by client', async () => {
      const studioId = 'studio-list';
      const client = await h.addClient(studioId);
      const made: ProjectDto[] = [];
      for (const name of ['one', 'two', 'three', 'four', 'five']) made.push(await h.create(name, studioId));
      await h.member(ADD, made[1]!, client.id, studioId);
      await h.member(ADD, made[3]!, client.id, studioId);

      const names: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ limit: 2, ...(cursor ? { cursor } : {}) }, studioId);
        expect(page.items.length).toBeLessThanOrEqual(2);
        names.push(...page.items.map((p) => p.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(names).toEqual(['five', 'four', 'three', 'two', 'one']);

      const filtered = await list({ clientId: client.id }, studioId);
      expect(filtered.items.map((p) => p.name)).toEqual(['four', 'two']);
      expect(filtered.items[0]?.clientIds).toEqual([client.id]);
      expect(filtered.nextCursor).toBeNull();
      await refused(list({ cursor: 'not-a-cursor' }, studioId), 'validation-failed');
    });
  });

  describe('events and the read model', () => {
    it('appends to project-<id> streams, published on the bus as events.project.<Type>', async () => {
      const client = await h.addClient();
      const project = await h.create();
      await h.member(ADD, project, client.id);
      const stream = await h.store.readStream(`project-${project.id}`);
      expect(stream.map((e) => e.type)).toEqual(['ProjectCreated', 'ClientAddedToProject']);
      expect(stream[1]?.data).toMatchObject({
        studioId: STUDIO_A,
        projectId: project.id,
        clientId: client.id,
        by: { kind: 'staff', id: `staff-${STUDIO_A}` },
        at: expect.any(String),
      });
      const mine = await eventually(
        async () => published.filter((e) => e.streamId === `project-${project.id}`),
        (events) => events.length === 2,
      );
      expect(mine.map((e) => (e as unknown as { subject: string }).subject)).toEqual([
        'events.project.ProjectCreated',
        'events.project.ClientAddedToProject',
      ]);
    });

    it('repairs the read model from the events after a crash between an append and its write', async () => {
      const project = await h.create('Before the crash');
      // As a writer that died after its append: the event is stored, the read model never heard of it (nor,
      // here, of the project at all).
      await h.db.query('DELETE FROM projects WHERE project_id = $1', [project.id]);
      await h.store.append(
        `project-${project.id}`,
        [
          {
            id: crypto.randomUUID(),
            type: 'ProjectRenamed',
            data: {
              studioId: STUDIO_A,
              projectId: project.id,
              at: new Date().toISOString(),
              by: { kind: 'staff', id: 'staff-x' },
              name: 'After the crash',
            },
          },
        ],
        { expectedVersion: 0 },
      );
      const repaired = await eventually(
        () => h.get(project.id).catch(() => undefined),
        (p) => p?.version === 1,
      );
      expect(repaired).toMatchObject({ name: 'After the crash', version: 1 });
    });

    it('applies an event only on top of the version before it; a row further behind is written whole from its stream', async () => {
      // On a copy of the tables (as a rebuild's), which no live writer touches meanwhile.
      await createShadow(h.db);
      const writer = h.system.apps.get('projects')!.get(ReadModelWriter);
      const client = await h.addClient();
      const project = await h.create('Guarded');
      await h.member(ADD, project, client.id);
      await h.request(RequestSubject.renameProject, {
        studioId: STUDIO_A,
        projectId: project.id,
        name: 'Renamed',
      });
      const [created, added, renamed] = await h.store.readStream(`project-${project.id}`);
      const copy = () =>
        h.db.query('SELECT name, version FROM projects_rebuild WHERE project_id = $1', [project.id]);

      expect(await writer.apply('shadow', [created!])).toBe(1);
      expect((await copy()).rows).toEqual([{ name: 'Guarded', version: 0 }]);
      // Version 2 on a row at 0: the event in between went missing, so the row is written from the stream.
      expect(await writer.apply('shadow', [renamed!])).toBe(1);
      expect((await copy()).rows).toEqual([{ name: 'Renamed', version: 2 }]);
      // A redelivered, older event changes nothing.
      expect(await writer.apply('shadow', [added!, created!])).toBe(0);
      const { rows } = await h.db.query(
        'SELECT client_id FROM project_members_rebuild WHERE project_id = $1',
        [project.id],
      );
      expect(rows).toEqual([{ client_id: client.id }]);
      await dropShadow(h.db);
    });

    it('never takes a row back: a row ahead of the events delivered is left as it is', async () => {
      const project = await h.create('Guarded');
      // Set by hand: the events delivered after it are older than the row says it is.
      await h.db.query('UPDATE projects SET version = 99 WHERE project_id = $1', [project.id]);
      await h.request(RequestSubject.renameProject, {
        studioId: STUDIO_A,
        projectId: project.id,
        name: 'Late',
      });
      await eventually(
        async () => published.filter((e) => e.streamId === `project-${project.id}`).length,
        (n) => n === 2,
      );
      expect(await h.get(project.id)).toMatchObject({ name: 'Guarded', version: 99 });
    });
  });
});
