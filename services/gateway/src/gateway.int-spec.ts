import {
  type ClientRecord,
  type Envelope,
  type ErrorCode,
  Problem,
  readySubject,
  type Reply,
  RequestSubject,
  type PrincipalDto,
  type ServiceName,
  type SessionDto,
} from '@studio/contracts';
import { startInProcess, type InProcessSystem } from '@studio/service-kit';
import { createDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewayService } from './index';

// ---- stand-ins for the other services --------------------------------------------------------------------

const STUDIO = { id: 'studio-1', name: 'Atelier Nord', slug: 'atelier-nord' };
const staff = {
  kind: 'staff' as const,
  id: 'staff-1',
  studioId: STUDIO.id,
  firstName: 'Sam',
  lastName: 'Staff',
  email: 'sam@atelier.io',
};
const clientPrincipal = { ...staff, kind: 'client' as const, id: 'client-9' };
const session = (token: string, principal: PrincipalDto = staff): SessionDto => ({
  token,
  expiresAt: '2030-01-01T00:00:00.000Z',
  principal,
});

const aClient = (overrides: Partial<ClientRecord> = {}): ClientRecord => ({
  id: 'c-1',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@x.io',
  phone: null,
  type: null,
  source: null,
  tags: [],
  access: 'Inactive',
  invitation: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  activatedAt: null,
  version: 1,
  ...overrides,
});

const calls: { subject: string; message: Envelope<Record<string, unknown>> }[] = [];
const callsTo = (subject: string) =>
  calls.filter((call) => call.subject === subject).map((call) => call.message);
/** What the projector has applied: reads see this version of c-1. */
const projectedVersion = 1;
/** The signed-in client's access in the registry. */
let clientAccess: ClientRecord['access'] = 'Active';
/** The projects service's memberships: c-1 is in one project, the signed-in client in another. */
const MEMBERSHIPS: Record<string, { id: string; name: string }[]> = {
  'c-1': [{ id: 'p-1', name: 'Loft' }],
  [clientPrincipal.id]: [{ id: 'p-2', name: 'Kitchen' }],
};

const refuse = (code: ErrorCode, detail?: string): Reply<never> => ({
  ok: false,
  problem: Problem.of(code, detail).problem,
});
type StandIn = (body: Record<string, unknown>) => Reply<unknown> | Promise<Reply<unknown>>;

const STAND_INS: Record<string, StandIn> = {
  [RequestSubject.authenticate]: ({ token }) =>
    token === 'staff-token'
      ? { ok: true, value: { principal: staff, studio: STUDIO } }
      : token === 'client-token'
        ? { ok: true, value: { principal: clientPrincipal, studio: STUDIO } }
        : refuse('unauthenticated'),
  [RequestSubject.createStudio]: ({ slug }) =>
    slug === 'taken'
      ? refuse('slug-taken')
      : {
          ok: true,
          value: { studio: { ...STUDIO, owner: staff }, session: { ...session('new-token'), extra: 'x' } },
        },
  [RequestSubject.signIn]: ({ password }) =>
    password === 'right-password'
      ? { ok: true, value: session('staff-token') }
      : refuse('invalid-credentials'),
  [RequestSubject.signOut]: () => ({ ok: true, value: {} }),
  [RequestSubject.getStudio]: () => ({ ok: true, value: { ...STUDIO, owner: staff } }),
  [RequestSubject.requestPasswordReset]: async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { ok: true, value: {} };
  },
  [RequestSubject.addClient]: ({ profile }) => {
    const { email } = profile as { email: string };
    if (email === 'taken@x.io') return refuse('email-taken');
    if (email === 'bad')
      return {
        ok: false,
        problem: Problem.of('validation-failed', 'bad', [
          { field: 'email', message: 'must contain exactly one @' },
        ]).problem,
      };
    return { ok: true, value: { client: aClient({ email, version: 2 }), position: '5' } };
  },
  [RequestSubject.sendInvitation]: () => ({
    ok: true,
    value: { client: aClient({ access: 'Invited', version: 3 }), position: '6' },
  }),
  [RequestSubject.getClient]: ({ clientId }) =>
    clientId === 'c-1'
      ? { ok: true, value: aClient({ version: projectedVersion, firstName: 'Projected' }) }
      : refuse('client-not-found'),
  /** The registry's own view: c-1 as written; the signed-in client Active, until the test deactivates them. */
  [RequestSubject.getClientState]: ({ clientId }) =>
    clientId === clientPrincipal.id
      ? { ok: true, value: aClient({ id: clientPrincipal.id, access: clientAccess }) }
      : clientId === 'c-1'
        ? { ok: true, value: aClient({ access: 'Invited', version: 3 }) }
        : refuse('client-not-found'),
  [RequestSubject.listClients]: () => ({
    ok: true,
    value: { items: [aClient()], nextCursor: null, counts: { Inactive: 1, Invited: 0, Active: 0 } },
  }),
  [RequestSubject.projectMemberships]: ({ clientIds }) => ({
    ok: true,
    value: Object.fromEntries((clientIds as string[]).map((id) => [id, MEMBERSHIPS[id] ?? []])),
  }),
  [RequestSubject.clientHistory]: () => ({
    ok: true,
    value: { events: [{ type: 'ClientAdded', at: '2025-01-01T00:00:00.000Z', by: staff.id, data: {} }] },
  }),
  [RequestSubject.lookupInvitation]: ({ token }) =>
    token === 'old'
      ? refuse('invitation-expired')
      : {
          ok: true,
          value: {
            studio: STUDIO,
            client: { firstName: 'Ada', email: 'ada@x.io' },
            expiresAt: '2030-01-01T00:00:00.000Z',
          },
        },
  [RequestSubject.redeemInvitation]: () => ({ ok: true, value: session('client-token', clientPrincipal) }),
};

// ---- harness ---------------------------------------------------------------------------------------------

let system: InProcessSystem;
let db: SqlDatabase;
let drop: () => Promise<void>;
let base: string;

beforeAll(async () => {
  const fresh = await freshDatabase('gateway');
  drop = fresh.drop;
  system = await startInProcess([gatewayService], {
    env: { LOG_LEVEL: 'warn', RATE_LIMIT_SENSITIVE_PER_MINUTE: '20' },
    databaseFor: async (name) => (db = await createDatabase(fresh.url, { schema: name })),
    openEventStore: () => Promise.reject(new Error('not used')),
    httpPort: 0,
  });
  for (const [subject, standIn] of Object.entries(STAND_INS)) {
    system.hub.register(subject, async (message) => {
      calls.push({ subject, message: message as Envelope<Record<string, unknown>> });
      return standIn((message.body ?? {}) as Record<string, unknown>);
    });
  }
  const server = system.apps.get('gateway')!.getHttpServer() as Server;
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await system.stop();
  await db.close();
  await drop();
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

async function api(
  method: string,
  path: string,
  options: {
    body?: unknown;
    raw?: string | Uint8Array;
    token?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined = options.raw;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

const expectProblem = (answer: Answer, status: number, code: ErrorCode) => {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toEqual({
    type: `urn:studio:problem:${code}`,
    title: expect.any(String),
    status,
    code,
    detail: expect.any(String),
    errors: expect.any(Array),
  });
};

const newClient = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@x.io' };

// ---- tests -----------------------------------------------------------------------------------------------

describe('gateway over HTTP', () => {
  describe('validation', () => {
    it('answers malformed JSON with 400 validation-failed naming the body', async () => {
      const answer = await api('POST', '/api/v1/clients', { raw: '{"firstName": ', token: 'staff-token' });
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body!.errors).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
    });

    it('refuses a body that is not valid UTF-8, rather than storing a replacement character', async () => {
      const latin1 = Buffer.from('{"firstName":"Jos\xe9","lastName":"B","email":"jose@x.io"}', 'latin1');
      const answer = await api('POST', '/api/v1/clients', { raw: latin1, token: 'staff-token' });
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body!.errors).toEqual([{ field: 'body', message: 'must be valid UTF-8' }]);
      expect(callsTo(RequestSubject.addClient)).toHaveLength(0);
    });

    it('refuses wrong types, missing and unknown fields, each named', async () => {
      const answer = await api('POST', '/api/v1/clients', {
        body: { firstName: 1, email: 'a@x.io', admin: true, tags: ['ok', 2] },
        token: 'staff-token',
      });
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body!.errors).toEqual(
        expect.arrayContaining([
          { field: 'firstName', message: 'must be a string' },
          { field: 'lastName', message: 'is required' },
          { field: 'admin', message: 'is not allowed' },
          { field: 'tags[1]', message: 'must be a string' },
        ]),
      );
      expect(callsTo(RequestSubject.addClient)).toHaveLength(0);
    });

    it('refuses bodies over 100 kB and bodies that are not JSON', async () => {
      const huge = await api('POST', '/api/v1/clients', {
        body: { ...newClient, phone: 'x'.repeat(110_000) },
        token: 'staff-token',
      });
      expectProblem(huge, 400, 'validation-failed');
      const form = await api('POST', '/api/v1/clients', {
        raw: 'firstName=Ada',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        token: 'staff-token',
      });
      expectProblem(form, 400, 'validation-failed');
    });

    it('refuses NUL characters, lone surrogates and __proto__, naming each field', async () => {
      const answer = await api('POST', '/api/v1/clients', {
        raw: '{"firstName":"A\\u0000da","lastName":"\\ud800","email":"a@x.io","tags":["ok","\\udc00x"],"__proto__":{}}',
        token: 'staff-token',
      });
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body!.errors).toEqual([
        { field: 'firstName', message: 'must not contain NUL characters' },
        { field: 'lastName', message: 'must be valid Unicode text (no lone surrogates)' },
        { field: 'tags[1]', message: 'must be valid Unicode text (no lone surrogates)' },
        { field: '__proto__', message: 'is not allowed' },
      ]);
      const path = await api('GET', '/api/v1/clients/a%00b', { token: 'staff-token' });
      expectProblem(path, 400, 'validation-failed');
      expect(path.body!.errors).toEqual([{ field: 'id', message: 'must not contain NUL characters' }]);
      const query = await api('GET', '/api/v1/clients?q=%00', { token: 'staff-token' });
      expect(query.body!.errors).toEqual([{ field: 'q', message: 'must not contain NUL characters' }]);
      expect(callsTo(RequestSubject.addClient)).toHaveLength(0);
    });

    it('checks the list query', async () => {
      const answer = await api('GET', '/api/v1/clients?limit=500&sort=age', { token: 'staff-token' });
      expectProblem(answer, 400, 'validation-failed');
      expect((answer.body!.errors as { field: string }[]).map((error) => error.field)).toEqual([
        'limit',
        'sort',
      ]);
    });

    it('passes the services\u2019 own validation errors through', async () => {
      const answer = await api('POST', '/api/v1/clients', {
        body: { ...newClient, email: 'bad' },
        token: 'staff-token',
      });
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body!.errors).toEqual([{ field: 'email', message: 'must contain exactly one @' }]);
    });

    it('answers an unknown route with a 404 problem', async () => {
      expectProblem(await api('GET', '/api/v1/nothing'), 404, 'not-found');
    });
  });

  describe('authentication', () => {
    it('needs a valid session', async () => {
      expectProblem(await api('GET', '/api/v1/clients'), 401, 'unauthenticated');
      expectProblem(await api('GET', '/api/v1/clients', { token: 'forged' }), 401, 'unauthenticated');
      expectProblem(
        await api('GET', '/api/v1/me', { headers: { authorization: 'Basic abc' } }),
        401,
        'unauthenticated',
      );
    });

    it('keeps client sessions off staff endpoints, but answers them /me', async () => {
      expectProblem(await api('GET', '/api/v1/clients', { token: 'client-token' }), 403, 'forbidden');
      const me = await api('GET', '/api/v1/me', { token: 'client-token' });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        principal: clientPrincipal,
        studio: STUDIO,
        projects: [{ id: 'p-2', name: 'Kitchen' }],
      });
    });

    it('ends a client\u2019s session the moment the registry has them no longer Active', async () => {
      expect((await api('GET', '/api/v1/me', { token: 'client-token' })).status).toBe(200);
      clientAccess = 'Inactive';
      try {
        expectProblem(await api('GET', '/api/v1/me', { token: 'client-token' }), 401, 'unauthenticated');
        expectProblem(
          await api('DELETE', '/api/v1/sessions/current', { token: 'client-token' }),
          401,
          'unauthenticated',
        );
      } finally {
        clientAccess = 'Active';
      }
    });

    it('answers every problem with the whole shape, detail and errors included', async () => {
      const answer = await api('GET', '/api/v1/clients/nobody', { token: 'staff-token' });
      expectProblem(answer, 404, 'client-not-found');
      expect(answer.body).toMatchObject({ detail: 'No such client', errors: [] });
      expectProblem(await api('GET', '/api/v1/clients'), 401, 'unauthenticated');
    });

    it('accepts the session cookie, and wants X-Requested-With for writes with it', async () => {
      const cookie = { cookie: '__Host-studio_session=staff-token' };
      expect((await api('GET', '/api/v1/clients', { headers: cookie })).status).toBe(200);
      expectProblem(
        await api('POST', '/api/v1/clients', { body: newClient, headers: cookie }),
        403,
        'forbidden',
      );
      const allowed = await api('POST', '/api/v1/clients', {
        body: newClient,
        headers: { ...cookie, 'x-requested-with': 'studio' },
      });
      expect(allowed.status).toBe(201);
    });

    it('signs in with a cookie set, and says nothing more on bad credentials', async () => {
      const answer = await api('POST', '/api/v1/studios/atelier-nord/sessions', {
        body: { email: 'sam@atelier.io', password: 'right-password' },
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual(session('staff-token'));
      const cookie = answer.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^__Host-studio_session=staff-token;/);
      for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/'])
        expect(cookie.split('; ')).toContain(attribute);
      expect(cookie).not.toMatch(/Domain=/i);
      expect(callsTo(RequestSubject.signIn).at(-1)?.body).toMatchObject({
        slug: 'atelier-nord',
        address: expect.any(String),
      });
      expectProblem(
        await api('POST', '/api/v1/studios/atelier-nord/sessions', {
          body: { email: 'x@y.io', password: 'nope' },
        }),
        401,
        'invalid-credentials',
      );
    });

    it('creates a studio, showing only the contract\u2019s fields', async () => {
      const body = {
        name: 'Atelier',
        slug: 'atelier-nord',
        owner: { firstName: 'S', lastName: 'S', email: 'sam@atelier.io', password: 'long enough pw' },
      };
      const answer = await api('POST', '/api/v1/studios', { body });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({ studio: STUDIO, session: session('new-token') });
      expectProblem(
        await api('POST', '/api/v1/studios', { body: { ...body, slug: 'taken' } }),
        409,
        'slug-taken',
      );
    });

    it('signs out with 204 and clears the cookie', async () => {
      const answer = await api('DELETE', '/api/v1/sessions/current', { token: 'staff-token' });
      expect(answer.status).toBe(204);
      expect(answer.headers.get('set-cookie')).toMatch(/^__Host-studio_session=;.*Max-Age=0/);
      expect(callsTo(RequestSubject.signOut).at(-1)?.body).toEqual({ token: 'staff-token' });
    });
  });

  describe('clients', () => {
    it('adds a client scoped to the caller\u2019s studio and answers it as the registry decided, not waiting for the read model', async () => {
      const reads = callsTo(RequestSubject.getClient).length;
      const memberships = callsTo(RequestSubject.projectMemberships).length;
      const answer = await api('POST', '/api/v1/clients', {
        body: { ...newClient, invite: {} },
        token: 'staff-token',
      });
      expect(answer.status).toBe(201);
      // A new client is in no project: the projects service is not asked.
      expect(answer.body).toMatchObject({ firstName: 'Ada', version: 2, projects: [] });
      expect(callsTo(RequestSubject.projectMemberships)).toHaveLength(memberships);
      const added = callsTo(RequestSubject.addClient).at(-1)!;
      expect(added.body).toEqual({ studioId: STUDIO.id, profile: newClient, invite: { message: null } });
      expect(added.meta.actor).toEqual({ kind: 'staff', id: staff.id, studioId: STUDIO.id });
      expect(callsTo(RequestSubject.getClient)).toHaveLength(reads);
    });

    it('answers an invitation from the registry too', async () => {
      const answer = await api('POST', '/api/v1/clients/c-1/invitation', {
        body: { message: 'Welcome' },
        token: 'staff-token',
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ access: 'Invited', version: 3, firstName: 'Ada' });
      expect(callsTo(RequestSubject.sendInvitation).at(-1)?.body).toEqual({
        studioId: STUDIO.id,
        clientId: 'c-1',
        message: 'Welcome',
      });
    });

    it('reads one client as the registry knows it, with its version as the ETag, and lists after its own write with the written version', async () => {
      const one = await api('GET', '/api/v1/clients/c-1', { token: 'staff-token' });
      // The registry's stream, not the index that may lag behind it (version 1 there).
      expect(one.body).toMatchObject({ firstName: 'Ada', access: 'Invited', version: 3 });
      expect(one.headers.get('etag')).toBe('"3"');
      expect(callsTo(RequestSubject.getClientState).at(-1)?.body).toEqual({
        studioId: STUDIO.id,
        clientId: 'c-1',
      });
      const list = await api('GET', '/api/v1/clients?access=Invited&limit=10', { token: 'staff-token' });
      expect(list.status).toBe(200);
      expect(callsTo(RequestSubject.listClients).at(-1)?.body).toEqual({
        studioId: STUDIO.id,
        access: 'Invited',
        sort: 'lastName',
        limit: 10,
        after: { clientId: 'c-1', version: 3 },
      });
    });

    it('shows each client with the projects they are in, asked for a whole page at once', async () => {
      const one = await api('GET', '/api/v1/clients/c-1', { token: 'staff-token' });
      expect(one.body).toMatchObject({ id: 'c-1', projects: [{ id: 'p-1', name: 'Loft' }] });
      const list = await api('GET', '/api/v1/clients', { token: 'staff-token' });
      expect((list.body!.items as { projects: unknown }[])[0]!.projects).toEqual([
        { id: 'p-1', name: 'Loft' },
      ]);
      expect(callsTo(RequestSubject.projectMemberships).at(-1)?.body).toEqual({
        studioId: STUDIO.id,
        clientIds: ['c-1'],
      });
      const invited = await api('POST', '/api/v1/clients/c-1/invitation', { body: {}, token: 'staff-token' });
      expect(invited.body).toMatchObject({ projects: [{ id: 'p-1', name: 'Loft' }] });
    });

    it('answers the services\u2019 refusals as problems', async () => {
      expectProblem(
        await api('GET', '/api/v1/clients/other', { token: 'staff-token' }),
        404,
        'client-not-found',
      );
      expectProblem(
        await api('POST', '/api/v1/clients', {
          body: { ...newClient, email: 'taken@x.io' },
          token: 'staff-token',
        }),
        409,
        'email-taken',
      );
    });

    it('drafts the invitation and shows the history', async () => {
      const draft = await api('GET', '/api/v1/clients/c-1/invitation/draft', { token: 'staff-token' });
      expect(draft.status).toBe(200);
      expect(draft.body!.subject).toContain('Atelier Nord');
      expect(draft.body!.message).toContain('Hi Ada');
      const history = await api('GET', '/api/v1/clients/c-1/history', { token: 'staff-token' });
      expect(history.body).toEqual({ events: [expect.objectContaining({ type: 'ClientAdded' })] });
    });

    it('takes the ETag back as If-Match, strong, weak or bare, and refuses anything else naming If-Match', async () => {
      for (const ifMatch of ['"3"', 'W/"3"', '3', '*']) {
        const accepted = await api('PATCH', '/api/v1/clients/c-1', {
          body: { phone: null },
          token: 'staff-token',
          headers: { 'if-match': ifMatch },
        });
        // Past validation: the registry, not there in this test, is asked (503).
        expect([ifMatch, accepted.status]).toEqual([ifMatch, 503]);
      }
      const refused = await api('PATCH', '/api/v1/clients/c-1', {
        body: { phone: null },
        token: 'staff-token',
        headers: { 'if-match': 'W/"127-abc"' },
      });
      expectProblem(refused, 400, 'validation-failed');
      expect(refused.body!.errors).toEqual([{ field: 'If-Match', message: 'must be "<version>"' }]);
    });

    it('answers 503 when the service behind a route is not there', async () => {
      expectProblem(
        await api('POST', '/api/v1/clients/c-1/deactivation', { token: 'staff-token' }),
        503,
        'service-unavailable',
      );
      expectProblem(
        await api('PATCH', '/api/v1/clients/c-1', {
          body: { phone: null },
          token: 'staff-token',
          headers: { 'if-match': '"3"' },
        }),
        503,
        'service-unavailable',
      );
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer for the same key and body, without doing it again', async () => {
      const body = { ...newClient, email: 'once@x.io' };
      const headers = { 'idempotency-key': 'key-1' };
      const first = await api('POST', '/api/v1/clients', { body, headers, token: 'staff-token' });
      const before = callsTo(RequestSubject.addClient).length;
      const again = await api('POST', '/api/v1/clients', {
        body: { email: 'once@x.io', lastName: 'Lovelace', firstName: 'Ada' },
        headers,
        token: 'staff-token',
      });
      expect(first.status).toBe(201);
      expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(callsTo(RequestSubject.addClient)).toHaveLength(before);
    });

    it('replays a sign-in, its cookie too, from a record that holds neither the token nor a fast hash of the password', async () => {
      const headers = { 'idempotency-key': 'sign-in-1' };
      const body = { email: 'sam@atelier.io', password: 'right-password' };
      const path = '/api/v1/studios/atelier-nord/sessions';
      const first = await api('POST', path, { body, headers });
      const before = callsTo(RequestSubject.signIn).length;
      const again = await api('POST', path, { body, headers });
      expect(first.status).toBe(201);
      expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('set-cookie')).toBe(first.headers.get('set-cookie'));
      expect(callsTo(RequestSubject.signIn)).toHaveLength(before);
      const { rows } = await db.query<{ body_hash: string; response: string }>(
        "SELECT body_hash, response FROM idempotency_keys WHERE idem_key = 'sign-in-1'",
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.body_hash).toMatch(/^sealed:[0-9a-f]{64}$/);
      expect(rows[0]?.response).not.toContain('staff-token');
      expectProblem(
        await api('POST', path, { body: { ...body, password: 'another-password' }, headers }),
        422,
        'idempotency-key-reused',
      );
    });

    it('refuses the same key with another body', async () => {
      const headers = { 'idempotency-key': 'key-1' };
      expectProblem(
        await api('POST', '/api/v1/clients', {
          body: { ...newClient, email: 'other@x.io' },
          headers,
          token: 'staff-token',
        }),
        422,
        'idempotency-key-reused',
      );
    });

    it('lets one of two concurrent duplicates run', async () => {
      const headers = { 'idempotency-key': 'key-concurrent' };
      const before = callsTo(RequestSubject.addClient).length;
      const body = { ...newClient, email: 'twice@x.io' };
      const answers = await Promise.all(
        [1, 2].map(() => api('POST', '/api/v1/clients', { body, headers, token: 'staff-token' })),
      );
      expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
      expect(callsTo(RequestSubject.addClient)).toHaveLength(before + 1);
    });

    it('stores nothing for a refusal, so a retry runs again', async () => {
      const headers = { 'idempotency-key': 'key-refused' };
      const body = { ...newClient, email: 'taken@x.io' };
      expectProblem(
        await api('POST', '/api/v1/clients', { body, headers, token: 'staff-token' }),
        409,
        'email-taken',
      );
      const before = callsTo(RequestSubject.addClient).length;
      expectProblem(
        await api('POST', '/api/v1/clients', { body, headers, token: 'staff-token' }),
        409,
        'email-taken',
      );
      expect(callsTo(RequestSubject.addClient)).toHaveLength(before + 1);
    });
  });

  describe('public token endpoints', () => {
    it('answers a password reset request at once with 202 and no body', async () => {
      const started = Date.now();
      const answer = await api('POST', '/api/v1/studios/atelier-nord/password-resets', {
        body: { email: 'nobody@x.io' },
      });
      expect(answer.status).toBe(202);
      expect(answer.body).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(250);
    });

    it('looks up and accepts invitations', async () => {
      const found = await api('GET', '/api/v1/invitations/good');
      expect(found.status).toBe(200);
      expect(found.body).toEqual({
        studio: { name: STUDIO.name, slug: STUDIO.slug },
        client: { firstName: 'Ada', email: 'ada@x.io' },
        expiresAt: '2030-01-01T00:00:00.000Z',
      });
      expectProblem(await api('GET', '/api/v1/invitations/old'), 410, 'invitation-expired');
      const accepted = await api('POST', '/api/v1/invitations/good/acceptance', {
        body: { password: 'a long password' },
      });
      expect(accepted.status).toBe(201);
      expect(accepted.body).toEqual({
        ...session('client-token', clientPrincipal),
        redirectTo: '/dashboard',
      });
      expect(accepted.headers.get('set-cookie')).toMatch(/^__Host-studio_session=client-token;/);
    });

    it('answers 503 for a password reset when identity is not there to complete it', async () => {
      expectProblem(
        await api('POST', '/api/v1/password-resets/tok', { body: { password: 'a long password' } }),
        503,
        'service-unavailable',
      );
    });
  });

  describe('operations', () => {
    it('is ready only when every service answers ready', async () => {
      const others: ServiceName[] = ['client-registry', 'invitation', 'identity', 'notification', 'projects'];
      for (const name of others)
        system.hub.register(readySubject(name), async () => ({
          ok: true,
          value: { service: name, ready: true },
        }));
      const waiting = await api('GET', '/health/ready');
      expectProblem(waiting, 503, 'service-unavailable');
      expect(waiting.body!.detail).toBe('not ready: projector');
      system.hub.register(readySubject('projector'), async () => ({
        ok: true,
        value: { service: 'projector', ready: true },
      }));
      const ready = await api('GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body!.status).toBe('ok');
      expect(Object.keys(ready.body!.services as object).sort()).toEqual([...others, 'projector'].sort());
    });

    it('puts the security headers on every answer', async () => {
      for (const answer of [
        await api('GET', '/api/v1/me', { token: 'staff-token' }),
        await api('GET', '/api/v1/nothing'),
        await api('GET', '/health/live'),
      ]) {
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('x-frame-options')).toBe('DENY');
        expect(answer.headers.get('content-security-policy')?.replace(/;\s*/g, '; ')).toBe(
          "default-src 'none'; frame-ancestors 'none'",
        );
        expect(answer.headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
        expect(answer.headers.get('x-powered-by')).toBeNull();
      }
      expect((await api('GET', '/api/v1/me', { token: 'staff-token' })).headers.get('cache-control')).toBe(
        'no-store',
      );
    });

    it('serves the OpenAPI document and its page', async () => {
      const document = await api('GET', '/api/docs.json');
      expect(document.body!.openapi).toBe('3.1.0');
      const page = await fetch(`${base}/api/docs`);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
      const html = await page.text();
      for (const asset of html.match(/\/api\/docs\/assets\/[\w.-]+/g) ?? []) {
        const served = await fetch(`${base}${asset}`);
        expect([asset, served.status]).toEqual([asset, 200]);
      }
      expect(await fetch(`${base}/api/docs/assets/init.js`).then((r) => r.text())).toContain(
        '/api/docs.json',
      );
    });

    it('documents every route the app registered', async () => {
      const router = system.apps.get('gateway')!.getHttpAdapter().getInstance().router as {
        stack: { route?: { path: string; methods: Record<string, boolean> } }[];
      };
      const registered = router.stack
        .flatMap((layer) =>
          layer.route
            ? Object.keys(layer.route.methods).map(
                (method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
              )
            : [],
        )
        .filter((route) => !route.startsWith('_'));
      const document = (await api('GET', '/api/docs.json')).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect([...new Set(registered)].sort()).toEqual(documented.sort());
    });

    it('limits token endpoints per address with 429 and Retry-After', async () => {
      let answer: Answer | undefined;
      for (let i = 0; i < 30; i += 1) {
        answer = await api('GET', '/api/v1/invitations/good');
        if (answer.status === 429) break;
      }
      expectProblem(answer!, 429, 'rate-limited');
      expect(Number(answer!.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });
});
