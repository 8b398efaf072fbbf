import { randomBytes } from 'node:crypto';
import { type ApiClient } from '@studio/api-client';
import { aClient, createStudio, type StaffSession } from './harness/builders';
import { linkToken, type Mail, waitForMail } from './harness/mailbox';
import { runOps } from './harness/ops-cli';
import { refusedWith } from './harness/problems';
import { type Mode, type RunningSystem, startSystem } from './harness/system';

/** Separate processes once as one of each, once as two of each (calls alternating gateways); embedded. */
const SETUPS: readonly [label: string, mode: Mode, replicas: number][] = [
  ['services', 'services', 1],
  ['services, two replicas of each', 'services', 2],
  ['embedded', 'embedded', 1],
];
const PASSWORD = 'a long enough secret';

describe.each(SETUPS)('projects, end to end (%s)', (_label, mode, replicas) => {
  // Known to the test, so the operator's command below can reach this system's services.
  let system: RunningSystem;
  let api: ApiClient;
  let staff: StaffSession;
  let other: StaffSession;

  beforeAll(async () => {
    system = await startSystem(mode, { replicas });
    api = system.client;
    [staff, other] = await Promise.all([createStudio(api), createStudio(api)]);
  });
  afterAll(() => system?.stop());

  const create = (name: string, as = staff) => as.client.createProject({ body: { name } });
  const add = (id: string, clientId: string, as = staff) =>
    as.client.answer('addClientToProject', { params: { id, clientId } });
  const remove = (id: string, clientId: string, as = staff) =>
    as.client.answer('removeClientFromProject', { params: { id, clientId } });
  const invitationMail = (email: string) =>
    waitForMail(system.mailbox, (m: Mail) => m.to.includes(email) && /invit/i.test(m.subject));

  it('creates (once per Idempotency-Key), renames, gets and lists projects newest first, paged by cursor', async () => {
    const made = [];
    for (const name of ['Loft', 'Kitchen', 'Garden']) made.push(await create(name));
    expect(made[0]).toMatchObject({ name: 'Loft', clientIds: [], version: 0 });
    expect(await staff.client.getProject({ params: { id: made[0]!.id } })).toEqual(made[0]);

    const renamed = await staff.client.renameProject({
      params: { id: made[0]!.id },
      body: { name: 'Loft II' },
    });
    expect(renamed).toMatchObject({ id: made[0]!.id, name: 'Loft II', version: 1 });
    expect(await staff.client.getProject({ params: { id: made[0]!.id } })).toEqual(renamed);

    const first = await staff.client.listProjects({ query: { limit: 2 } });
    expect(first.items.map((p) => p.name)).toEqual(['Garden', 'Kitchen']);
    const second = await staff.client.listProjects({ query: { limit: 2, cursor: first.nextCursor! } });
    expect(second.items.map((p) => p.name)).toEqual(['Loft II']);
    expect(second.nextCursor).toBeNull();

    const key = { idempotencyKey: `create-${randomBytes(4).toString('hex')}` };
    const once = await staff.client.createProject({ body: { name: 'Porch' } }, key);
    expect(await staff.client.createProject({ body: { name: 'Porch' } }, key)).toEqual(once);
    const porches = (await staff.client.listProjects({ query: { limit: 100 } })).items.filter(
      (p) => p.name === 'Porch',
    );
    expect(porches).toEqual([once]);

    expect(await refusedWith(create(''))).toEqual({ status: 400, code: 'validation-failed' });
    expect(await refusedWith(create('x'.repeat(201)))).toEqual({ status: 400, code: 'validation-failed' });
  });

  it('adds a client (twice: 204 both times), removes one not in it (204), and filters the list by client', async () => {
    const project = await create('Bathroom');
    const unrelated = await create('Hallway');
    const client = await staff.client.addClient({ body: aClient() });
    for (let i = 0; i < 2; i++) expect((await add(project.id, client.id)).status).toBe(204);
    expect(await staff.client.getProject({ params: { id: project.id } })).toMatchObject({
      clientIds: [client.id],
      version: 1,
    });
    expect((await remove(unrelated.id, client.id)).status).toBe(204);
    expect((await staff.client.getProject({ params: { id: unrelated.id } })).version).toBe(0);

    const filtered = await staff.client.listProjects({ query: { clientId: client.id } });
    expect(filtered.items.map((p) => p.id)).toEqual([project.id]);

    expect((await remove(project.id, client.id)).status).toBe(204);
    expect((await remove(project.id, client.id)).status).toBe(204);
    expect((await staff.client.listProjects({ query: { clientId: client.id } })).items).toEqual([]);
  });

  it("keeps studios apart: another studio's project is 404 project-not-found on every route, their client 404 client-not-found", async () => {
    const theirs = await create('Their project', other);
    const theirClient = await other.client.addClient({ body: aClient() });
    const mine = await create('My project');
    const myClient = await staff.client.addClient({ body: aClient() });
    const notFound = { status: 404, code: 'project-not-found' };

    expect(await refusedWith(staff.client.getProject({ params: { id: theirs.id } }))).toEqual(notFound);
    expect(
      await refusedWith(
        staff.client.renameProject({ params: { id: theirs.id }, body: { name: 'Mine now' } }),
      ),
    ).toEqual(notFound);
    for (const clientId of [myClient.id, theirClient.id]) {
      expect(await refusedWith(add(theirs.id, clientId))).toEqual(notFound);
      expect(await refusedWith(remove(theirs.id, clientId))).toEqual(notFound);
    }
    expect((await staff.client.listProjects({ query: { limit: 100 } })).items.map((p) => p.id)).not.toContain(
      theirs.id,
    );

    expect(await refusedWith(add(mine.id, theirClient.id))).toEqual({
      status: 404,
      code: 'client-not-found',
    });
    expect(await refusedWith(add(mine.id, 'no-such-client'))).toEqual({
      status: 404,
      code: 'client-not-found',
    });
    expect(await other.client.getProject({ params: { id: theirs.id } })).toMatchObject({
      name: 'Their project',
      clientIds: [],
    });
  });

  it('shows a client their projects in /me once they accepted the invitation; the staff view carries them; a deactivated client keeps them', async () => {
    const project = await create('Studio apartment');
    const invited = await staff.client.addClient({ body: aClient({ invite: {} }) });
    expect(invited.projects).toEqual([]);
    expect((await add(project.id, invited.id)).status).toBe(204);

    const session = await api.acceptInvitation({
      params: { token: linkToken(await invitationMail(invited.email), 'invitations') },
      body: { password: PASSWORD },
    });
    const me = await api.withToken(session.token).getMe();
    expect(me).toMatchObject({ principal: { kind: 'client', id: invited.id } });
    expect(me.projects).toEqual([{ id: project.id, name: 'Studio apartment' }]);

    const ref = { id: project.id, name: 'Studio apartment' };
    expect((await staff.client.getClient({ params: { id: invited.id } })).projects).toEqual([ref]);
    const page = await staff.client.listClients({ query: { q: invited.lastName } });
    expect(page.items.find((c) => c.id === invited.id)?.projects).toEqual([ref]);
    expect((await staff.client.getMe()).projects).toEqual([]);

    const deactivated = await staff.client.deactivateClient({ params: { id: invited.id } });
    expect(deactivated).toMatchObject({ access: 'Inactive', projects: [ref] });
    expect((await staff.client.getClient({ params: { id: invited.id } })).projects).toEqual([ref]);
    expect(
      await refusedWith(
        api.signIn({ params: { slug: staff.slug }, body: { email: invited.email, password: PASSWORD } }),
      ),
    ).toEqual({ status: 401, code: 'invalid-credentials' });
  });

  it('lets the operator replay the read model from position 0 while the system runs (npm run ops -- replay project-memberships)', async () => {
    const project = await create('Replayed');
    const client = await staff.client.addClient({ body: aClient() });
    await add(project.id, client.id);
    const before = await staff.client.listProjects({ query: { limit: 100 } });

    const run = await runOps<{ state: string; result: { projects: number } }>(system, [
      'replay',
      'project-memberships',
      '--page-size=3',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ state: 'succeeded', result: { projects: expect.any(Number) } });

    expect(await staff.client.listProjects({ query: { limit: 100 } })).toEqual(before);
    expect((await staff.client.getClient({ params: { id: client.id } })).projects).toEqual([
      { id: project.id, name: 'Replayed' },
    ]);
  });
});
