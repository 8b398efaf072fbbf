import { createStudio, type StaffSession } from './harness/builders';
import { type Answer } from './harness/http';
import { linkToken, type Mail, waitForMail } from './harness/mailbox';
import { type RunningSystem, startSystem } from './harness/system';

/*
 * Issue 11's findings against the running system (embedded: one process, the same gateway and services):
 * each describe is a row of the audit's table and fails on the code the audit ran against.
 */

let system: RunningSystem;
let staff: StaffSession;

beforeAll(async () => {
  // Loopback is the proxy here, so tests can speak for several addresses with X-Forwarded-For.
  system = await startSystem('embedded', { env: { TRUST_PROXY: 'loopback' } });
  staff = await createStudio(system.client);
});

afterAll(() => system.stop());

function expectValidationFailed(answer: Answer, field?: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({
    status: 400,
    code: 'validation-failed',
  });
  if (field !== undefined)
    expect((answer.body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
}

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('finding 4: deep JSON', () => {
  it('answers a 40,000-deep body with an Idempotency-Key with 400, anonymous or signed in', async () => {
    const raw = `{"email":"a@x.io","extra":${deepArray(40_000)}}`;
    const headers = { 'idempotency-key': 'deep-1' };
    const anonymous = await system.api.post(`/api/v1/studios/${staff.slug}/password-resets`, undefined, {
      raw,
      headers,
    });
    expectValidationFailed(anonymous, 'body');
    const signedIn = await system.api.post('/api/v1/clients', undefined, {
      raw,
      headers,
      token: staff.token,
    });
    expectValidationFailed(signedIn, 'body');
  });

  it('still takes bodies nested as deep as the API needs', async () => {
    const answer = await system.api.post(
      '/api/v1/clients',
      { firstName: 'Deep', lastName: 'Enough', email: 'deep@x.io', invite: { message: null } },
      { token: staff.token, headers: { 'idempotency-key': 'deep-2' } },
    );
    expect(answer.status).toBe(201);
  });
});

const cursorOf = (key: string, sort = 'createdAt') =>
  Buffer.from(JSON.stringify({ s: sort, k: key, i: 'c-1' }), 'utf8').toString('base64url');

describe('finding 5: NUL, lone surrogates and loose cursors are 400, never 500', () => {
  let clientId: string;

  beforeAll(async () => {
    const added = await system.api.post(
      '/api/v1/clients',
      { firstName: 'Nul', lastName: 'Tester', email: `nul-${Date.now()}@x.io` },
      { token: staff.token },
    );
    clientId = added.body.id as string;
  });

  it('refuses NUL in the invitation message', async () => {
    const answer = await system.api.post(
      `/api/v1/clients/${clientId}/invitation`,
      { message: 'hello\u0000there' },
      { token: staff.token },
    );
    expectValidationFailed(answer, 'message');
  });

  it.each(['q', 'tag', 'type', 'source', 'cursor'])('refuses NUL in the list query %s', async (name) => {
    const answer = await system.api.get(`/api/v1/clients?${name}=a%00b`, { token: staff.token });
    expectValidationFailed(answer, name);
  });

  it('refuses a lone surrogate (raw UTF-8) in the list query', async () => {
    const answer = await system.api.get('/api/v1/clients?q=%ED%A0%80', { token: staff.token });
    expectValidationFailed(answer);
  });

  it('refuses NUL in the sign-in email', async () => {
    const answer = await system.api.post(`/api/v1/studios/${staff.slug}/sessions`, {
      email: 'dana\u0000@studio.test',
      password: 'whatever it is',
    });
    expectValidationFailed(answer, 'email');
  });

  it.each([
    ['NUL', '%00'],
    ['a lone surrogate', '%ED%A0%80'],
    ['broken percent-encoding', '%E0%A4%A'],
  ])('refuses %s in a path id', async (_, id) => {
    const answer = await system.api.get(`/api/v1/clients/${id}`, { token: staff.token });
    expectValidationFailed(answer);
  });

  it('refuses NUL in a path token', async () => {
    const answer = await system.api.get('/api/v1/invitations/ab%00cd');
    expectValidationFailed(answer);
  });

  it('refuses a lone surrogate in firstName', async () => {
    const answer = await system.api.post('/api/v1/clients', undefined, {
      raw: '{"firstName":"Ada\\ud800","lastName":"L","email":"lone@x.io"}',
      token: staff.token,
    });
    expectValidationFailed(answer, 'firstName');
  });

  it('refuses a lone surrogate in a header the API reads', async () => {
    const answer = await system.api.patch(
      `/api/v1/clients/${clientId}`,
      { firstName: 'Other' },
      { token: staff.token, headers: { 'if-match': '"1"\u00ff' } },
    );
    expectValidationFailed(answer, 'If-Match');
  });

  it.each(['1', 'March 7', '2025-13-45T00:00:00.000Z', 'a\u0000b'])(
    'refuses a cursor whose time is %j',
    async (time) => {
      const answer = await system.api.get(`/api/v1/clients?sort=createdAt&cursor=${cursorOf(time)}`, {
        token: staff.token,
      });
      expectValidationFailed(answer, 'cursor');
    },
  );

  it('refuses a cursor whose key or id holds NUL, whatever the sort', async () => {
    const answer = await system.api.get(`/api/v1/clients?sort=lastName&cursor=${cursorOf('a\u0000')}`, {
      token: staff.token,
    });
    expectValidationFailed(answer, 'cursor');
  });
});

describe('finding 6: Idempotency-Key namespaces', () => {
  const resets = () => `/api/v1/studios/${staff.slug}/password-resets`;
  const from = (address: string, key: string) => ({
    headers: { 'idempotency-key': key, 'x-forwarded-for': address },
  });

  it('does not let one anonymous caller\u2019s key answer for another\u2019s request', async () => {
    const first = await system.api.post(resets(), { email: 'nobody-a@x.io' }, from('203.0.113.1', 'shared'));
    expect(first.status).toBe(202);
    const other = await system.api.post(resets(), { email: 'nobody-b@x.io' }, from('203.0.113.2', 'shared'));
    expect(other.status).toBe(202);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    const replay = await system.api.post(resets(), { email: 'nobody-a@x.io' }, from('203.0.113.1', 'shared'));
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('gives each session its own keys, even two sessions of one person', async () => {
    const signIn = () =>
      system.api.post(`/api/v1/studios/${staff.slug}/sessions`, {
        email: staff.email,
        password: 'correct horse battery',
      });
    const [one, two] = [await signIn(), await signIn()];
    const add = (token: unknown, email: string) =>
      system.api.post(
        '/api/v1/clients',
        { firstName: 'Idem', lastName: 'Potent', email },
        { token: token as string, headers: { 'idempotency-key': 'same-key' } },
      );
    expect((await add(one.body.token, `idem-1-${Date.now()}@x.io`)).status).toBe(201);
    const second = await add(two.body.token, `idem-2-${Date.now()}@x.io`);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('finding 1: metrics only on the ops port', () => {
  it('answers /metrics on the public port with 404, and serves it on the ops port', async () => {
    const reset = await system.api.post(`/api/v1/studios/${staff.slug}/password-resets`, {
      email: staff.email,
    });
    expect(reset.status).toBe(202);
    for (const path of ['/metrics', '/metrics/', '/METRICS', '/metrics?format=text']) {
      const answer = await fetch(`${system.api.baseUrl}${path}`);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(await answer.text()).not.toMatch(/# TYPE/);
    }
    const ops = await fetch(`${system.opsUrl}/metrics`);
    expect(ops.status).toBe(200);
    expect(await ops.text()).toMatch(/^# TYPE studio_http_requests_total counter$/m);
  });

  it('serves health on the ops port, the readiness of the whole system too, and nothing of the API', async () => {
    expect((await fetch(`${system.opsUrl}/api/v1/clients`)).status).toBe(404);
    expect((await fetch(`${system.opsUrl}/health/live`)).status).toBe(200);
    const ready = await fetch(`${system.opsUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual(await (await fetch(`${system.api.baseUrl}/health/ready`)).json());
  });
});

describe('finding 2: reset and resend flooding', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

  it('sends one reset email for 30 requests in a second, each answered 202 with the same body', async () => {
    const owner = await createStudio(system.client);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        system.api.post(`/api/v1/studios/${owner.slug}/password-resets`, { email: owner.email }),
      ),
    );
    expect(new Set(answers.map((answer) => `${answer.status} ${JSON.stringify(answer.body)}`))).toEqual(
      new Set(['202 {}']),
    );
    const isReset = (mail: Mail) => mail.to.includes(owner.email) && mail.text.includes('/password-resets/');
    await waitForMail(system.mailbox, isReset);
    await settle();
    expect((await system.mailbox.all()).filter(isReset)).toHaveLength(1);
  });

  it('answers a second resend within a minute 429 with Retry-After, sending and changing nothing', async () => {
    const email = `flood-${Date.now()}@x.io`;
    const added = await system.api.post(
      '/api/v1/clients',
      { firstName: 'Flo', lastName: 'Od', email, invite: {} },
      { token: staff.token },
    );
    expect(added.status).toBe(201);
    const resend = () =>
      system.api.post(`/api/v1/clients/${added.body.id as string}/invitation/resend`, undefined, {
        token: staff.token,
      });
    const first = await resend();
    expect(first.status).toBe(200);
    const extra = await Promise.all(Array.from({ length: 9 }, resend));
    for (const answer of extra) {
      expect({ status: answer.status, code: answer.body.code }).toEqual({
        status: 429,
        code: 'rate-limited',
      });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    }
    const after = await system.api.get(`/api/v1/clients/${added.body.id as string}`, { token: staff.token });
    expect(after.body.version).toBe(first.body.version);
    const isInvitation = (mail: Mail) => mail.to.includes(email) && mail.text.includes('/invitations/');
    await settle();
    expect((await system.mailbox.all()).filter(isInvitation)).toHaveLength(2);
  });
});

describe('finding 7: a retried acceptance', () => {
  it('answers a retry with the same Idempotency-Key with the same session; any other use of the link is 410', async () => {
    const email = `retry-${Date.now()}@x.io`;
    const added = await system.api.post(
      '/api/v1/clients',
      { firstName: 'Re', lastName: 'Try', email, invite: {} },
      { token: staff.token },
    );
    expect(added.status).toBe(201);
    const mail = await waitForMail(
      system.mailbox,
      (m) => m.to.includes(email) && m.text.includes('/invitations/'),
    );
    const token = linkToken(mail, 'invitations');
    const accept = (password: string, key?: string) =>
      system.api.post(
        `/api/v1/invitations/${token}/acceptance`,
        { password },
        key === undefined ? {} : { headers: { 'idempotency-key': key } },
      );

    const first = await accept('a long enough secret', 'accept-1');
    expect(first.status).toBe(201);
    // The phone lost that answer and tries again, with the same key.
    const retry = await accept('a long enough secret', 'accept-1');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('set-cookie')).toMatch(/^__Host-studio_session=/);
    expect((await system.api.get('/api/v1/me', { token: retry.body.token as string })).status).toBe(200);
    // The same key with another password, and the link used again without the key, are refused.
    const other = await accept('another long secret', 'accept-1');
    expect({ status: other.status, code: other.body.code }).toEqual({
      status: 422,
      code: 'idempotency-key-reused',
    });
    const again = await accept('a long enough secret');
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 410, code: 'invitation-used' });
  });
});
