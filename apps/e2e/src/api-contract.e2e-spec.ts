import { ApiProblem } from '@studio/api-client';
import { type AddClientRequest, CLIENT_SORTS, type ClientDto, type ClientPageDto } from '@studio/contracts';
import { aClient, aStudio, createStudio, type StaffSession } from './harness/builders';
import { type Answer } from './harness/http';
import { refusal } from './harness/problems';
import { linkToken, type Mail, waitForMail } from './harness/mailbox';
import { type Mode, type RunningSystem, startSystem } from './harness/system';

/*
 * API.md to the letter, over HTTP: the shapes (problems, sessions, clients), validation, authentication,
 * If-Match, the list's filters, sorts, paging and counts, the draft, sign-out, the cookie mode, and the rows
 * of the access table that end sessions. The lifecycle itself is in invitation-lifecycle.e2e-spec.ts.
 */

type ClientBody = ClientDto;
type Page = ClientPageDto;

const CLIENT_FIELDS = [
  'access',
  'activatedAt',
  'createdAt',
  'email',
  'firstName',
  'id',
  'invitation',
  'lastName',
  'phone',
  'projects',
  'source',
  'tags',
  'type',
  'version',
];
const PASSWORD = 'a long enough secret';

/** A refusal through the client: its status and code, and the whole problem shape. */
async function expectRefusal(call: Promise<unknown>, status: number, code: string): Promise<void> {
  const problem = await refusal(call);
  expect(problem).toBeInstanceOf(ApiProblem);
  expect({ status: problem.status, code: problem.code }).toEqual({ status, code });
  expect(problem.type).toBe(`urn:studio:problem:${code}`);
  expect(problem.detail).toEqual(expect.any(String));
  expect(problem.errors).toEqual(expect.any(Array));
}

function expectProblem<B>(answer: Answer<B>, status: number, code: string): void {
  const body = answer.body as Record<string, unknown>;
  expect({ status: answer.status, code: body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(body).toEqual({
    type: `urn:studio:problem:${code}`,
    title: expect.any(String),
    status,
    code,
    detail: expect.any(String),
    errors: expect.any(Array),
  });
}

const fieldsOf = <B>(answer: Answer<B>) =>
  ((answer.body as { errors: { field: string }[] }).errors ?? []).map((e) => e.field);

/** What every mode must do: a client's sessions end with deactivation, and a re-invited client comes back. */
function sessionRows(system: () => RunningSystem, staff: () => StaffSession) {
  const invitationMail = (email: string, not: readonly string[] = []) =>
    waitForMail(
      system().mailbox,
      (m: Mail) =>
        m.to.includes(email) && /invit/i.test(m.subject) && !not.includes(linkToken(m, 'invitations')),
    );
  const accept = (token: string, password = PASSWORD) =>
    system().client.acceptInvitation({ params: { token }, body: { password } });
  const signIn = (email: string, password = PASSWORD) =>
    system().client.signIn({ params: { slug: staff().slug }, body: { email, password } });

  async function activeClient() {
    const client = await staff().client.addClient({ body: aClient({ invite: {} }) });
    const link = linkToken(await invitationMail(client.email), 'invitations');
    return { client, link, session: await accept(link) };
  }

  it('Active → deactivate: every session of the client ends at once, and they cannot sign in', async () => {
    const { client: api } = system();
    const { client, session } = await activeClient();
    const second = await signIn(client.email);
    for (const token of [session.token, second.token]) await api.withToken(token).getMe();

    expect(await staff().client.deactivateClient({ params: { id: client.id } })).toMatchObject({
      access: 'Inactive',
    });
    for (const token of [session.token, second.token])
      await expectRefusal(api.withToken(token).getMe(), 401, 'unauthenticated');
    await expectRefusal(signIn(client.email), 401, 'invalid-credentials');
  });

  it('Inactive (was active) → send invite → accept → Active, with the new password', async () => {
    const { client: api } = system();
    const { client, link } = await activeClient();
    const params = { id: client.id };
    await staff().client.deactivateClient({ params });

    expect(await staff().client.sendInvitation({ params, body: { message: 'Welcome back' } })).toMatchObject({
      access: 'Invited',
      invitation: { status: 'pending' },
    });
    const again = linkToken(await invitationMail(client.email, [link]), 'invitations');
    const accepted = await accept(again, 'my second long secret');
    expect(accepted.redirectTo).toBe('/dashboard');
    await api.withToken(accepted.token).getMe();
    // Another session's write (the client's): the staff's read model shows it once it has caught up.
    await eventually(async () =>
      expect(await staff().client.getClient({ params })).toMatchObject({ access: 'Active' }),
    );

    await signIn(client.email, 'my second long secret');
    await expectRefusal(signIn(client.email), 401, 'invalid-credentials');
  });
}

describe('the HTTP contract of API.md (embedded)', () => {
  let system: RunningSystem;
  let staff: StaffSession;
  const as = (token: string) => ({ token });

  beforeAll(async () => {
    system = await startSystem('embedded');
    staff = await createStudio(system.client);
  });
  afterAll(() => system?.stop());

  const addClient = (body: AddClientRequest = aClient(), by: StaffSession = staff): Promise<ClientBody> =>
    by.client.addClient({ body });

  describe('shapes', () => {
    it('answers a new studio with {studio, session}, and a sign-in with exactly a Session', async () => {
      const input = aStudio();
      const created = await system.client.answer('createStudio', { body: input });
      expect(created.status).toBe(201);
      const principal = {
        kind: 'staff',
        id: expect.any(String),
        studioId: expect.any(String),
        firstName: input.owner.firstName,
        lastName: input.owner.lastName,
        email: input.owner.email,
      };
      expect(created.body).toEqual({
        studio: { id: expect.any(String), name: input.name, slug: input.slug },
        session: { token: expect.any(String), expiresAt: expect.any(String), principal },
      });
      const signedIn = await system.client.answer('signIn', {
        params: { slug: input.slug },
        body: { email: input.owner.email, password: input.owner.password },
      });
      expect(signedIn.status).toBe(201);
      expect(signedIn.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String), principal });
      expect(new Date(signedIn.body.expiresAt).toISOString()).toBe(signedIn.body.expiresAt);
      await expectRefusal(system.client.createStudio({ body: input }), 409, 'slug-taken');
      await expectRefusal(
        system.client.createStudio({ body: aStudio({ owner: { ...input.owner, password: 'password' } }) }),
        422,
        'weak-password',
      );
    });

    it('answers /me with principal, studio and projects (none for staff)', async () => {
      expect(await staff.client.getMe()).toEqual({
        principal: expect.objectContaining({ kind: 'staff', studioId: staff.studioId }),
        studio: { id: staff.studioId, name: expect.any(String), slug: staff.slug },
        projects: [],
      });
    });

    it('shows every field of a Client, null where absent', async () => {
      const client = await addClient();
      expect(Object.keys(client).sort()).toEqual(CLIENT_FIELDS);
      expect(client).toMatchObject({
        phone: null,
        type: null,
        source: null,
        tags: [],
        access: 'Inactive',
        invitation: null,
        activatedAt: null,
        version: expect.any(Number),
      });
      const full = await addClient(
        aClient({ phone: '+1 555 0100', type: 'Residential', source: 'Referral', tags: ['vip'], invite: {} }),
      );
      expect(full).toMatchObject({
        phone: '+1 555 0100',
        type: 'Residential',
        source: 'Referral',
        tags: ['vip'],
        access: 'Invited',
        invitation: {
          status: 'pending',
          sentAt: expect.any(String),
          expiresAt: expect.any(String),
          delivery: expect.stringMatching(/^(pending|sent|failed)$/),
        },
      });
      const read = await staff.client.answer('getClient', { params: { id: full.id } });
      expect(Object.keys(read.body).sort()).toEqual(CLIENT_FIELDS);
      expect(read.headers.get('etag')).toBe(`"${read.body.version}"`);
    });

    it('shows every field of a Project, and a project page as {items, nextCursor}', async () => {
      const project = await staff.client.createProject({ body: { name: 'Loft' } });
      expect(Object.keys(project).sort()).toEqual(['clientIds', 'createdAt', 'id', 'name', 'version']);
      expect(new Date(project.createdAt).toISOString()).toBe(project.createdAt);
      const page = await system.api.get('/api/v1/projects?limit=1', as(staff.token));
      expect(Object.keys(page.body as object).sort()).toEqual(['items', 'nextCursor']);
      const path = `/api/v1/projects/${project.id}/clients/${(await addClient()).id}`;
      const added = await system.api.call('PUT', path, undefined, as(staff.token));
      expect([added.status, added.body, added.headers.get('content-type')]).toEqual([204, {}, null]);
    });

    it('drafts the invitation as {subject, message} and keeps the history oldest first, without secrets', async () => {
      const client = await addClient(aClient({ firstName: 'Odile' }));
      const params = { id: client.id };
      expect(await staff.client.getInvitationDraft({ params })).toEqual({
        subject: expect.any(String),
        message: expect.stringContaining('Odile'),
      });

      await staff.client.sendInvitation({ params, body: { message: 'Hi' } });
      const history = await staff.client.getClientHistory({ params });
      expect(history.events.map((e) => e.type)).toEqual(['ClientAdded', 'ClientInvited']);
      for (const event of history.events)
        expect(Object.keys(event).sort()).toEqual(['at', 'by', 'data', 'type']);
      expect(JSON.stringify(history)).not.toMatch(/token|hash|password/i);
    });
  });

  describe('validation, authentication and tenancy', () => {
    it('answers malformed JSON, wrong types, missing, over-long and unknown fields with 400 naming each', async () => {
      const post = (body: unknown, raw?: string) =>
        system.api.post('/api/v1/clients', body, { token: staff.token, ...(raw ? { raw } : {}) });
      const malformed = await post(undefined, '{"firstName": ');
      expectProblem(malformed, 400, 'validation-failed');
      expect(fieldsOf(malformed)).toEqual(['body']);

      const wrong = await post({ firstName: 1, email: ['a'], tags: 'vip', invite: 'yes', admin: true });
      expectProblem(wrong, 400, 'validation-failed');
      expect(fieldsOf(wrong).sort()).toEqual(['admin', 'email', 'firstName', 'invite', 'lastName', 'tags']);

      const long = await post(aClient({ lastName: 'x'.repeat(500) }));
      expectProblem(long, 400, 'validation-failed');
      expect(fieldsOf(long)).toEqual(['lastName']);

      const patch = await system.api.patch(
        `/api/v1/clients/${(await addClient()).id}`,
        { invite: {} },
        as(staff.token),
      );
      expectProblem(patch, 400, 'validation-failed');
      expect(fieldsOf(patch)).toEqual(['invite']);
      expectProblem(
        await system.api.post(`/api/v1/studios/${staff.slug}/sessions`, { email: 'a@b.test' }),
        400,
        'validation-failed',
      );
      const project = await system.api.post(
        '/api/v1/projects',
        { name: 'x'.repeat(201), owner: 'me' },
        as(staff.token),
      );
      expectProblem(project, 400, 'validation-failed');
      expect(fieldsOf(project).sort()).toEqual(['name', 'owner']);
      const badLimit = await system.api.get('/api/v1/projects?limit=0', as(staff.token));
      expectProblem(badLimit, 400, 'validation-failed');
      expect(fieldsOf(badLimit)).toEqual(['limit']);
    });

    it('answers 401 without a valid session and 403 to a client session on staff endpoints', async () => {
      const anonymous = system.client;
      await expectRefusal(anonymous.listClients(), 401, 'unauthenticated');
      await expectRefusal(anonymous.withToken('not-a-session').getMe(), 401, 'unauthenticated');
      await expectRefusal(anonymous.addClient({ body: aClient() }), 401, 'unauthenticated');

      const added = await addClient(aClient({ invite: {} }));
      const mail = await waitForMail(system.mailbox, (m) => m.to.includes(added.email));
      const accepted = await anonymous.acceptInvitation({
        params: { token: linkToken(mail, 'invitations') },
        body: { password: PASSWORD },
      });
      const client = anonymous.withToken(accepted.token);
      expect(await client.getMe()).toMatchObject({ projects: [] });
      const params = { id: added.id };
      await expectRefusal(client.listClients(), 403, 'forbidden');
      await expectRefusal(client.getClient({ params }), 403, 'forbidden');
      await expectRefusal(client.addClient({ body: aClient() }), 403, 'forbidden');
      await expectRefusal(client.deactivateClient({ params }), 403, 'forbidden');
      await expectRefusal(client.listProjects(), 403, 'forbidden');
      await expectRefusal(client.createProject({ body: { name: 'Mine' } }), 403, 'forbidden');
      await expectRefusal(anonymous.listProjects(), 401, 'unauthenticated');
    });

    it('answers 404 client-not-found for another studio\u2019s client', async () => {
      const params = { id: (await addClient()).id };
      const other = await createStudio(system.client);
      await expectRefusal(other.client.getClient({ params }), 404, 'client-not-found');
      await expectRefusal(other.client.getInvitationDraft({ params }), 404, 'client-not-found');
    });
  });

  describe('editing with If-Match', () => {
    it('takes the ETag back, strong, weak or bare, refuses a stale one with 412, and "*" checks nothing', async () => {
      const client = await addClient();
      const params = { id: client.id };
      const patch = (body: Parameters<typeof staff.client.updateClient>[0]['body'], ifMatch?: string) =>
        staff.client.updateClient({
          params,
          body,
          ...(ifMatch === undefined ? {} : { headers: { 'If-Match': ifMatch } }),
        });

      const etag = (await staff.client.answer('getClient', { params })).headers.get('etag')!;
      expect(etag).toBe(`"${client.version}"`);
      const quoted = await patch({ firstName: 'Quinn' }, etag);
      expect(quoted).toMatchObject({ firstName: 'Quinn', version: client.version + 1 });
      await expectRefusal(patch({ firstName: 'Stale' }, etag), 412, 'version-mismatch');
      expect(await patch({ lastName: 'Weak' }, `W/"${quoted.version}"`)).toMatchObject({ lastName: 'Weak' });
      const bare = await patch({ lastName: 'Bare' }, String(quoted.version + 1));
      expect(bare).toMatchObject({ lastName: 'Bare' });
      await patch({ phone: '+1 555 0199' }, '*');
      await patch({ tags: ['x'] });
      await expectRefusal(patch({ tags: [] }, 'yesterday'), 400, 'validation-failed');

      const taken = await addClient();
      await expectRefusal(patch({ email: taken.email }), 409, 'email-taken');
      const freed = client.email;
      await patch({ email: `moved-${freed}` });
      await addClient(aClient({ email: freed }));
    });
  });

  describe('the client index', () => {
    let studio: StaffSession;
    const list = (query: NonNullable<Parameters<typeof staff.client.listClients>[0]>['query'] = {}) =>
      studio.client.listClients({ query });
    const names = (page: Page) => page.items.map((c) => `${c.firstName} ${c.lastName}`);

    beforeAll(async () => {
      studio = await createStudio(system.client);
      const people: [string, string, string, Partial<AddClientRequest>][] = [
        ['Ana', 'Silva', 'ana.silva', { type: 'Residential', source: 'Referral', tags: ['vip'] }],
        ['anabel', 'Zed', 'zed', { type: 'Commercial', source: 'Instagram', tags: ['vip', 'new'] }],
        ['Bob', 'Anderson', 'bob', { type: 'Lead', source: 'Referral' }],
        ['Carl', 'Marx', 'annie', { tags: ['new'] }],
        ['Dora', 'Explorer', 'dora', { type: 'Residential', invite: {} }],
        ['Emil', 'Bosco', 'emil', { source: 'Instagram', invite: {} }],
      ];
      for (const [firstName, lastName, local, extra] of people)
        await addClient(
          { firstName, lastName, email: `${local}-${studio.slug}@index.test`, ...extra },
          studio,
        );
    });

    it('matches q case-insensitively at the start of the first, last or full name, or the email', async () => {
      expect(names(await list({ q: 'AN' }))).toEqual([
        'Bob Anderson',
        'Carl Marx',
        'Ana Silva',
        'anabel Zed',
      ]);
      expect(names(await list({ q: 'silva' }))).toEqual(['Ana Silva']);
      expect(names(await list({ q: 'ana s' }))).toEqual(['Ana Silva']);
      expect(names(await list({ q: 'annie' }))).toEqual(['Carl Marx']);
      expect(names(await list({ q: 'ilva' }))).toEqual([]);
    });

    it('filters by access, type, source and tag, with counts for the whole studio', async () => {
      const all = { Inactive: 4, Invited: 2, Active: 0 };
      const invited = await list({ access: 'Invited' });
      expect(names(invited)).toEqual(['Emil Bosco', 'Dora Explorer']);
      expect(invited.counts).toEqual(all);
      expect(names(await list({ type: 'Residential' }))).toEqual(['Dora Explorer', 'Ana Silva']);
      expect(names(await list({ source: 'Referral' }))).toEqual(['Bob Anderson', 'Ana Silva']);
      const tagged = await list({ tag: 'vip', q: 'zed' });
      expect(names(tagged)).toEqual(['anabel Zed']);
      expect(tagged.counts).toEqual(all);
      // An empty parameter, as forms send an unset filter, counts as not given.
      expect(
        (await system.api.get<Page>('/api/v1/clients?access=', as(studio.token))).body.items,
      ).toHaveLength(6);
    });

    it('sorts by each key of API.md, lastName by default', async () => {
      const byLast = ['Bob Anderson', 'Emil Bosco', 'Dora Explorer', 'Carl Marx', 'Ana Silva', 'anabel Zed'];
      expect(names(await list())).toEqual(byLast);
      expect(names(await list({ sort: 'lastName' }))).toEqual(byLast);
      expect(names(await list({ sort: '-lastName' }))).toEqual([...byLast].reverse());
      expect(names(await list({ sort: 'firstName' }))).toEqual([
        'Ana Silva',
        'anabel Zed',
        'Bob Anderson',
        'Carl Marx',
        'Dora Explorer',
        'Emil Bosco',
      ]);
      const created = names(await list({ sort: 'createdAt' }));
      expect(created[0]).toBe('Ana Silva');
      expect(names(await list({ sort: '-createdAt' }))).toEqual([...created].reverse());
      expect(names(await list({ sort: 'email' }))[0]).toBe('Ana Silva');
    });

    it('pages with a cursor, without duplicates or gaps, in every sort', async () => {
      for (const sort of CLIENT_SORTS) {
        const whole = names(await list({ sort }));
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Page = await list({ sort, limit: 4, ...(cursor === null ? {} : { cursor }) });
          expect(page.items.length).toBeLessThanOrEqual(4);
          paged.push(...names(page));
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(paged).toEqual(whole);
      }
    });

    it('refuses a bad limit, sort, access or cursor with 400 naming it', async () => {
      for (const [query, field] of [
        ['?limit=0', 'limit'],
        ['?limit=101', 'limit'],
        ['?limit=ten', 'limit'],
        ['?sort=age', 'sort'],
        ['?access=Gone', 'access'],
        ['?cursor=not-a-cursor', 'cursor'],
      ]) {
        const answer = await system.api.get(`/api/v1/clients${query}`, as(studio.token));
        expectProblem(answer, 400, 'validation-failed');
        expect(fieldsOf(answer)).toEqual([field]);
      }
      expect((await list({ limit: '1' })).items).toHaveLength(1);
      expect((await list({ limit: '100' })).items).toHaveLength(6);
    });
  });

  describe('sessions', () => {
    it('signs out with 204; the token is dead afterwards', async () => {
      const own = (await createStudio(system.client)).client;
      expect((await own.answer('signOut')).status).toBe(204);
      await expectRefusal(own.getMe(), 401, 'unauthenticated');
      await expectRefusal(own.signOut(), 401, 'unauthenticated');
    });

    it('holds a web session in a cookie, and wants X-Requested-With: studio for its writes', async () => {
      const input = aStudio();
      const created = await system.api.post('/api/v1/studios', input);
      const setCookie = created.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/Secure/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      const cookie = { cookie: setCookie.split(';')[0]! };

      expect((await system.api.get('/api/v1/me', { headers: cookie })).status).toBe(200);
      expect((await system.api.get('/api/v1/clients', { headers: cookie })).status).toBe(200);
      expectProblem(
        await system.api.post('/api/v1/clients', aClient(), { headers: cookie }),
        403,
        'forbidden',
      );
      const written = await system.api.post('/api/v1/clients', aClient(), {
        headers: { ...cookie, 'x-requested-with': 'studio' },
      });
      expect(written.status).toBe(201);
      const out = await system.api.delete('/api/v1/sessions/current', {
        headers: { ...cookie, 'x-requested-with': 'studio' },
      });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
      expectProblem(await system.api.get('/api/v1/me', { headers: cookie }), 401, 'unauthenticated');
    });
  });

  describe('token links', () => {
    it('answers unknown invitation and reset links with 404, and weak passwords with 422', async () => {
      const api = system.client;
      const nowhere = { params: { token: 'no-such-link' } };
      await expectRefusal(api.getInvitation(nowhere), 404, 'invitation-not-found');
      await expectRefusal(
        api.acceptInvitation({ ...nowhere, body: { password: PASSWORD } }),
        404,
        'invitation-not-found',
      );
      await expectRefusal(
        api.completePasswordReset({ ...nowhere, body: { password: PASSWORD } }),
        404,
        'reset-not-found',
      );
      const added = await addClient(aClient({ invite: {} }));
      const link = linkToken(
        await waitForMail(system.mailbox, (m) => m.to.includes(added.email)),
        'invitations',
      );
      await expectRefusal(
        api.acceptInvitation({ params: { token: link }, body: { password: 'short' } }),
        422,
        'weak-password',
      );
      expectProblem(
        await system.api.post(`/api/v1/invitations/${link}/acceptance`, { password: PASSWORD, extra: 1 }),
        400,
        'validation-failed',
      );
      const accepted = await api.answer('acceptInvitation', {
        params: { token: link },
        body: { password: PASSWORD },
      });
      expect(accepted.status).toBe(201);
      expect(accepted.body).toEqual({
        token: expect.any(String),
        expiresAt: expect.any(String),
        principal: {
          kind: 'client',
          id: added.id,
          studioId: staff.studioId,
          firstName: added.firstName,
          lastName: added.lastName,
          email: added.email,
        },
        redirectTo: '/dashboard',
      });
    });

    it('answers a reset request with the same empty 202 for a real and an unknown email', async () => {
      const params = { slug: staff.slug };
      const me = await staff.client.getMe();
      const real = await system.client.answer('requestPasswordReset', {
        params,
        body: { email: me.principal.email },
      });
      const unknown = await system.client.answer('requestPasswordReset', {
        params,
        body: { email: 'nobody@nowhere.test' },
      });
      expect([real.status, unknown.status]).toEqual([202, 202]);
      expect(unknown.body).toEqual(real.body);
      const path = `/api/v1/studios/${staff.slug}/password-resets`;
      expectProblem(await system.api.post(path, { mail: 'x' }), 400, 'validation-failed');
    });
  });

  describe('operations', () => {
    it('serves health, metrics (on the ops port only) and an OpenAPI document of the same routes', async () => {
      expect(await system.client.live()).toEqual({ status: 'ok' });
      expect(await system.client.ready()).toMatchObject({ status: 'ok' });
      const metrics = await fetch(`${system.opsUrl}/metrics`);
      expect(metrics.status).toBe(200);
      expect((await fetch(`${system.api.baseUrl}/metrics`)).status).toBe(404);
      expect(await metrics.text()).toMatch(/^# (HELP|TYPE) /m);
      const docs = (await system.client.docsDocument()) as {
        openapi: string;
        paths: Record<string, Record<string, unknown>>;
      };
      expect(docs.openapi).toMatch(/^3\./);
      const routes = Object.entries(docs.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(routes).toEqual(
        expect.arrayContaining([
          'POST /api/v1/studios',
          'POST /api/v1/studios/{slug}/sessions',
          'DELETE /api/v1/sessions/current',
          'GET /api/v1/me',
          'POST /api/v1/clients',
          'GET /api/v1/clients',
          'GET /api/v1/clients/{id}',
          'PATCH /api/v1/clients/{id}',
          'GET /api/v1/clients/{id}/invitation/draft',
          'POST /api/v1/clients/{id}/invitation',
          'POST /api/v1/clients/{id}/invitation/resend',
          'DELETE /api/v1/clients/{id}/invitation',
          'POST /api/v1/clients/{id}/deactivation',
          'GET /api/v1/clients/{id}/history',
          'GET /api/v1/invitations/{token}',
          'POST /api/v1/invitations/{token}/acceptance',
          'POST /api/v1/studios/{slug}/password-resets',
          'POST /api/v1/password-resets/{token}',
        ]),
      );
    });
  });

  describe('access rows that end sessions', () => {
    sessionRows(
      () => system,
      () => staff,
    );
  });
});

const SEPARATE: Mode = 'services';
describe(`access rows that end sessions (${SEPARATE}: identity hears of a deactivation only over the bus)`, () => {
  let system: RunningSystem;
  let staff: StaffSession;

  beforeAll(async () => {
    system = await startSystem(SEPARATE);
    staff = await createStudio(system.client);
  });
  afterAll(() => system?.stop());

  sessionRows(
    () => system,
    () => staff,
  );
});

async function eventually(assertion: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
