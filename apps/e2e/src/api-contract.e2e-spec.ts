import { aClient, aStudio, createStudio, type StaffSession } from './harness/builders';
import { type Answer } from './harness/http';
import { linkToken, type Mail, waitForMail } from './harness/mailbox';
import { type Mode, type RunningSystem, startSystem } from './harness/system';

/*
 * API.md to the letter, over HTTP: the shapes (problems, sessions, clients), validation, authentication,
 * If-Match, the list's filters, sorts, paging and counts, the draft, sign-out, the cookie mode, and the rows
 * of the access table that end sessions. The lifecycle itself is in invitation-lifecycle.e2e-spec.ts.
 */

interface ClientBody {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  access: string;
  version: number;
  [field: string]: unknown;
}
interface Page {
  items: ClientBody[];
  nextCursor: string | null;
  counts: Record<'Inactive' | 'Invited' | 'Active', number>;
}
interface SessionBody {
  token: string;
  expiresAt: string;
  principal: Record<string, unknown>;
}

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
  'source',
  'tags',
  'type',
  'version',
];
const PASSWORD = 'a long enough secret';

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
  const as = (token: string) => ({ token });
  const invitationMail = (email: string, not: readonly string[] = []) =>
    waitForMail(
      system().mailbox,
      (m: Mail) =>
        m.to.includes(email) && /invit/i.test(m.subject) && !not.includes(linkToken(m, 'invitations')),
    );

  async function activeClient(): Promise<{ client: ClientBody; link: string; session: SessionBody }> {
    const added = await system().api.post<ClientBody>(
      '/api/v1/clients',
      aClient({ invite: {} }),
      as(staff().token),
    );
    expect(added.status).toBe(201);
    const link = linkToken(await invitationMail(added.body.email), 'invitations');
    const accepted = await system().api.post<SessionBody>(`/api/v1/invitations/${link}/acceptance`, {
      password: PASSWORD,
    });
    expect(accepted.status).toBe(201);
    return { client: added.body, link, session: accepted.body };
  }

  it('Active → deactivate: every session of the client ends at once, and they cannot sign in', async () => {
    const { api } = system();
    const { client, session } = await activeClient();
    const signIn = () =>
      api.post<SessionBody>(`/api/v1/studios/${staff().slug}/sessions`, {
        email: client.email,
        password: PASSWORD,
      });
    const second = await signIn();
    expect(second.status).toBe(201);
    for (const token of [session.token, second.body.token])
      expect((await api.get('/api/v1/me', as(token))).status).toBe(200);

    const deactivated = await api.post<ClientBody>(
      `/api/v1/clients/${client.id}/deactivation`,
      undefined,
      as(staff().token),
    );
    expect(deactivated).toMatchObject({ status: 200, body: { access: 'Inactive' } });
    for (const token of [session.token, second.body.token])
      expectProblem(await api.get('/api/v1/me', as(token)), 401, 'unauthenticated');
    expectProblem(await signIn(), 401, 'invalid-credentials');
  });

  it('Inactive (was active) → send invite → accept → Active, with the new password', async () => {
    const { api } = system();
    const { client, link } = await activeClient();
    const at = `/api/v1/clients/${client.id}`;
    await api.post(`${at}/deactivation`, undefined, as(staff().token));

    const invited = await api.post<ClientBody>(
      `${at}/invitation`,
      { message: 'Welcome back' },
      as(staff().token),
    );
    expect(invited).toMatchObject({
      status: 200,
      body: { access: 'Invited', invitation: { status: 'pending' } },
    });
    const again = linkToken(await invitationMail(client.email, [link]), 'invitations');
    const accepted = await api.post<SessionBody>(`/api/v1/invitations/${again}/acceptance`, {
      password: 'my second long secret',
    });
    expect(accepted).toMatchObject({ status: 201, body: { redirectTo: '/dashboard' } });
    expect((await api.get('/api/v1/me', as(accepted.body.token))).status).toBe(200);
    expect((await api.get<ClientBody>(at, as(staff().token))).body).toMatchObject({ access: 'Active' });

    const path = `/api/v1/studios/${staff().slug}/sessions`;
    expect((await api.post(path, { email: client.email, password: 'my second long secret' })).status).toBe(
      201,
    );
    expectProblem(
      await api.post(path, { email: client.email, password: PASSWORD }),
      401,
      'invalid-credentials',
    );
  });
}

describe('the HTTP contract of API.md (embedded)', () => {
  let system: RunningSystem;
  let staff: StaffSession;
  const as = (token: string) => ({ token });

  beforeAll(async () => {
    system = await startSystem('embedded');
    staff = await createStudio(system.api);
  });
  afterAll(() => system?.stop());

  const addClient = async (body: Record<string, unknown> = aClient(), token = staff.token) => {
    const answer = await system.api.post<ClientBody>('/api/v1/clients', body, as(token));
    expect(answer.status).toBe(201);
    return answer.body;
  };

  describe('shapes', () => {
    it('answers a new studio with {studio, session}, and a sign-in with exactly a Session', async () => {
      const input = aStudio();
      const created = await system.api.post<{ studio: unknown; session: SessionBody }>(
        '/api/v1/studios',
        input,
      );
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
      const signedIn = await system.api.post(`/api/v1/studios/${input.slug}/sessions`, {
        email: input.owner.email,
        password: input.owner.password,
      });
      expect(signedIn.status).toBe(201);
      expect(signedIn.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String), principal });
      expect(new Date(signedIn.body.expiresAt as string).toISOString()).toBe(signedIn.body.expiresAt);
      expectProblem(await system.api.post('/api/v1/studios', input), 409, 'slug-taken');
      expectProblem(
        await system.api.post(
          '/api/v1/studios',
          aStudio({ owner: { ...input.owner, password: 'password' } }),
        ),
        422,
        'weak-password',
      );
    });

    it('answers /me with principal, studio and (for now) no projects', async () => {
      const me = await system.api.get('/api/v1/me', as(staff.token));
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
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
      const read = await system.api.get<ClientBody>(`/api/v1/clients/${full.id}`, as(staff.token));
      expect(Object.keys(read.body).sort()).toEqual(CLIENT_FIELDS);
    });

    it('drafts the invitation as {subject, message} and keeps the history oldest first, without secrets', async () => {
      const client = await addClient(aClient({ firstName: 'Odile' }));
      const draft = await system.api.get(`/api/v1/clients/${client.id}/invitation/draft`, as(staff.token));
      expect(draft.status).toBe(200);
      expect(draft.body).toEqual({ subject: expect.any(String), message: expect.stringContaining('Odile') });

      await system.api.post(`/api/v1/clients/${client.id}/invitation`, { message: 'Hi' }, as(staff.token));
      const history = await system.api.get<{ events: Record<string, unknown>[] }>(
        `/api/v1/clients/${client.id}/history`,
        as(staff.token),
      );
      expect(history.body.events.map((e) => e.type)).toEqual(['ClientAdded', 'ClientInvited']);
      for (const event of history.body.events)
        expect(Object.keys(event).sort()).toEqual(['at', 'by', 'data', 'type']);
      expect(JSON.stringify(history.body)).not.toMatch(/token|hash|password/i);
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
    });

    it('answers 401 without a valid session and 403 to a client session on staff endpoints', async () => {
      expectProblem(await system.api.get('/api/v1/clients'), 401, 'unauthenticated');
      expectProblem(await system.api.get('/api/v1/me', as('not-a-session')), 401, 'unauthenticated');
      expectProblem(await system.api.post('/api/v1/clients', aClient()), 401, 'unauthenticated');

      const added = await addClient(aClient({ invite: {} }));
      const mail = await waitForMail(system.mailbox, (m) => m.to.includes(added.email));
      const accepted = await system.api.post<SessionBody>(
        `/api/v1/invitations/${linkToken(mail, 'invitations')}/acceptance`,
        { password: PASSWORD },
      );
      const client = accepted.body.token;
      expect((await system.api.get('/api/v1/me', as(client))).body).toMatchObject({ projects: [] });
      expectProblem(await system.api.get('/api/v1/clients', as(client)), 403, 'forbidden');
      expectProblem(await system.api.get(`/api/v1/clients/${added.id}`, as(client)), 403, 'forbidden');
      expectProblem(await system.api.post('/api/v1/clients', aClient(), as(client)), 403, 'forbidden');
      expectProblem(
        await system.api.post(`/api/v1/clients/${added.id}/deactivation`, undefined, as(client)),
        403,
        'forbidden',
      );
    });

    it('answers 404 client-not-found for another studio\u2019s client', async () => {
      const client = await addClient();
      const other = await createStudio(system.api);
      expectProblem(
        await system.api.get(`/api/v1/clients/${client.id}`, as(other.token)),
        404,
        'client-not-found',
      );
      expectProblem(
        await system.api.get(`/api/v1/clients/${client.id}/invitation/draft`, as(other.token)),
        404,
        'client-not-found',
      );
    });
  });

  describe('editing with If-Match', () => {
    it('takes "<version>" quoted or bare, refuses a stale one with 412, and "*" checks nothing', async () => {
      const client = await addClient();
      const at = `/api/v1/clients/${client.id}`;
      const patch = (body: Record<string, unknown>, ifMatch?: string) =>
        system.api.patch<ClientBody>(at, body, {
          token: staff.token,
          ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }),
        });

      const quoted = await patch({ firstName: 'Quinn' }, `"${client.version}"`);
      expect(quoted).toMatchObject({
        status: 200,
        body: { firstName: 'Quinn', version: client.version + 1 },
      });
      expectProblem(await patch({ firstName: 'Stale' }, `"${client.version}"`), 412, 'version-mismatch');
      const bare = await patch({ lastName: 'Bare' }, String(quoted.body.version));
      expect(bare).toMatchObject({ status: 200, body: { lastName: 'Bare' } });
      expect((await patch({ phone: '+1 555 0199' }, '*')).status).toBe(200);
      expect((await patch({ tags: ['x'] })).status).toBe(200);
      expectProblem(await patch({ tags: [] }, 'yesterday'), 400, 'validation-failed');

      const taken = await addClient();
      expectProblem(await patch({ email: taken.email }), 409, 'email-taken');
      const freed = client.email;
      expect((await patch({ email: `moved-${freed}` })).status).toBe(200);
      await addClient(aClient({ email: freed }));
    });
  });

  describe('the client index', () => {
    let studio: StaffSession;
    const list = (query: string) =>
      system.api.get<Page>(`/api/v1/clients${query}`, as(studio.token)).then((answer) => {
        expect(answer.status).toBe(200);
        return answer.body;
      });
    const names = (page: Page) => page.items.map((c) => `${c.firstName} ${c.lastName}`);

    beforeAll(async () => {
      studio = await createStudio(system.api);
      const people: [string, string, string, Record<string, unknown>][] = [
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
          studio.token,
        );
    });

    it('matches q case-insensitively at the start of the first, last or full name, or the email', async () => {
      expect(names(await list('?q=AN'))).toEqual(['Bob Anderson', 'Carl Marx', 'Ana Silva', 'anabel Zed']);
      expect(names(await list('?q=silva'))).toEqual(['Ana Silva']);
      expect(names(await list(`?q=${encodeURIComponent('ana s')}`))).toEqual(['Ana Silva']);
      expect(names(await list('?q=annie'))).toEqual(['Carl Marx']);
      expect(names(await list('?q=ilva'))).toEqual([]);
    });

    it('filters by access, type, source and tag, with counts for the whole studio', async () => {
      const all = { Inactive: 4, Invited: 2, Active: 0 };
      const invited = await list('?access=Invited');
      expect(names(invited)).toEqual(['Emil Bosco', 'Dora Explorer']);
      expect(invited.counts).toEqual(all);
      expect(names(await list('?type=Residential'))).toEqual(['Dora Explorer', 'Ana Silva']);
      expect(names(await list('?source=Referral'))).toEqual(['Bob Anderson', 'Ana Silva']);
      const tagged = await list('?tag=vip&q=zed');
      expect(names(tagged)).toEqual(['anabel Zed']);
      expect(tagged.counts).toEqual(all);
      expect((await list('?access=')).items).toHaveLength(6);
    });

    it('sorts by each key of API.md, lastName by default', async () => {
      const byLast = ['Bob Anderson', 'Emil Bosco', 'Dora Explorer', 'Carl Marx', 'Ana Silva', 'anabel Zed'];
      expect(names(await list(''))).toEqual(byLast);
      expect(names(await list('?sort=lastName'))).toEqual(byLast);
      expect(names(await list('?sort=-lastName'))).toEqual([...byLast].reverse());
      expect(names(await list('?sort=firstName'))).toEqual([
        'Ana Silva',
        'anabel Zed',
        'Bob Anderson',
        'Carl Marx',
        'Dora Explorer',
        'Emil Bosco',
      ]);
      const created = names(await list('?sort=createdAt'));
      expect(created[0]).toBe('Ana Silva');
      expect(names(await list('?sort=-createdAt'))).toEqual([...created].reverse());
      expect(names(await list('?sort=email'))[0]).toBe('Ana Silva');
    });

    it('pages with a cursor, without duplicates or gaps, in every sort', async () => {
      for (const sort of ['lastName', '-lastName', 'firstName', 'email', 'createdAt', '-createdAt']) {
        const whole = names(await list(`?sort=${sort}`));
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Page = await list(
            `?sort=${sort}&limit=4${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
          );
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
      expect((await list('?limit=1')).items).toHaveLength(1);
      expect((await list('?limit=100')).items).toHaveLength(6);
    });
  });

  describe('sessions', () => {
    it('signs out with 204; the token is dead afterwards', async () => {
      const own = await createStudio(system.api);
      const out = await system.api.delete('/api/v1/sessions/current', as(own.token));
      expect(out.status).toBe(204);
      expectProblem(await system.api.get('/api/v1/me', as(own.token)), 401, 'unauthenticated');
      expectProblem(
        await system.api.delete('/api/v1/sessions/current', as(own.token)),
        401,
        'unauthenticated',
      );
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
      expectProblem(await system.api.get('/api/v1/invitations/no-such-link'), 404, 'invitation-not-found');
      expectProblem(
        await system.api.post('/api/v1/invitations/no-such-link/acceptance', { password: PASSWORD }),
        404,
        'invitation-not-found',
      );
      expectProblem(
        await system.api.post('/api/v1/password-resets/no-such-link', { password: PASSWORD }),
        404,
        'reset-not-found',
      );
      const added = await addClient(aClient({ invite: {} }));
      const link = linkToken(
        await waitForMail(system.mailbox, (m) => m.to.includes(added.email)),
        'invitations',
      );
      expectProblem(
        await system.api.post(`/api/v1/invitations/${link}/acceptance`, { password: 'short' }),
        422,
        'weak-password',
      );
      expectProblem(
        await system.api.post(`/api/v1/invitations/${link}/acceptance`, { password: PASSWORD, extra: 1 }),
        400,
        'validation-failed',
      );
      const accepted = await system.api.post(`/api/v1/invitations/${link}/acceptance`, {
        password: PASSWORD,
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
      const path = `/api/v1/studios/${staff.slug}/password-resets`;
      const me = (await system.api.get<{ principal: { email: string } }>('/api/v1/me', as(staff.token))).body;
      const real = await system.api.post(path, { email: me.principal.email });
      const unknown = await system.api.post(path, { email: 'nobody@nowhere.test' });
      expect([real.status, unknown.status]).toEqual([202, 202]);
      expect(unknown.body).toEqual(real.body);
      expectProblem(await system.api.post(path, { mail: 'x' }), 400, 'validation-failed');
    });
  });

  describe('operations', () => {
    it('serves health, metrics and an OpenAPI document of the same routes', async () => {
      expect((await system.api.get('/health/live')).status).toBe(200);
      expect((await system.api.get('/health/ready')).status).toBe(200);
      const metrics = await fetch(`${system.api.baseUrl}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^# (HELP|TYPE) /m);
      const docs = await system.api.get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
        '/api/docs.json',
      );
      expect(docs.body.openapi).toMatch(/^3\./);
      const routes = Object.entries(docs.body.paths).flatMap(([path, ops]) =>
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
    staff = await createStudio(system.api);
  });
  afterAll(() => system?.stop());

  sessionRows(
    () => system,
    () => staff,
  );
});
