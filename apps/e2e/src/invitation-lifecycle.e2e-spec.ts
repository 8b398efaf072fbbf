import { aClient, createStudio, type StaffSession } from './harness/builders';
import { linkToken, type Mail, waitForMail } from './harness/mailbox';
import { type Mode, type RunningSystem, startSystem } from './harness/system';

type ClientBody = {
  id: string;
  access: string;
  email: string;
  version: number;
  invitation: null | { status: string };
};

/** Separate processes once as one of each, once as two of each (calls alternating gateways); embedded. */
const SETUPS: readonly [label: string, mode: Mode, replicas: number][] = [
  ['services', 'services', 1],
  ['services, two replicas of each', 'services', 2],
  ['embedded', 'embedded', 1],
];

describe.each(SETUPS)('the invitation lifecycle, end to end (%s)', (_label, mode, replicas) => {
  let system: RunningSystem;
  let staff: StaffSession;

  beforeAll(async () => {
    system = await startSystem(mode, { replicas });
    staff = await createStudio(system.api);
  });
  afterAll(() => system?.stop());

  const as = (token: string) => ({ token });
  const invitationMail = (email: string) =>
    waitForMail(system.mailbox, (m: Mail) => m.to.includes(email) && /invit/i.test(m.subject));

  async function addClient(body: Record<string, unknown> = aClient()) {
    const answer = await system.api.post<ClientBody>('/api/v1/clients', body, as(staff.token));
    expect(answer.status).toBe(201);
    return answer.body;
  }

  it('adds and invites a client, who sets a password from the emailed link and is Active', async () => {
    const input = aClient({ invite: { message: 'Welcome <b>aboard</b>' } });
    const client = await addClient(input);
    expect(client).toMatchObject({ access: 'Invited', invitation: { status: 'pending' } });

    const mail = await invitationMail(client.email);
    expect(mail.text).toContain('Welcome <b>aboard</b>');
    expect(mail.html).not.toContain('<b>aboard</b>');
    expect(mail.text).toMatch(/72 hours/);
    const token = linkToken(mail, 'invitations');

    const opened = await system.api.get(`/api/v1/invitations/${token}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ client: { email: client.email } });
    expect((await system.api.get(`/api/v1/invitations/${token}`)).status).toBe(200);

    expect(
      (await system.api.post(`/api/v1/invitations/${token}/acceptance`, { password: 'password' })).body,
    ).toMatchObject({
      code: 'weak-password',
    });
    const accepted = await system.api.post(`/api/v1/invitations/${token}/acceptance`, {
      password: 'a long enough secret',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      redirectTo: '/dashboard',
      principal: { kind: 'client', email: client.email },
    });

    const after = await system.api.get<ClientBody>(`/api/v1/clients/${client.id}`, as(staff.token));
    expect(after.body.access).toBe('Active');
    const used = await system.api.get(`/api/v1/invitations/${token}`);
    expect(used).toMatchObject({ status: 410, body: { code: 'invitation-used' } });
  });

  it('signs a client in, and fails identically for a wrong password and an unknown email', async () => {
    const client = await addClient(aClient({ invite: {} }));
    const token = linkToken(await invitationMail(client.email), 'invitations');
    await system.api.post(`/api/v1/invitations/${token}/acceptance`, { password: 'a long enough secret' });

    const path = `/api/v1/studios/${staff.slug}/sessions`;
    const ok = await system.api.post(path, { email: client.email, password: 'a long enough secret' });
    expect(ok.status).toBe(201);
    const wrong = await system.api.post(path, { email: client.email, password: 'not the password' });
    const unknown = await system.api.post(path, {
      email: 'nobody@nowhere.test',
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);

    const me = await system.api.get('/api/v1/me', as((ok.body as { token: string }).token));
    expect(me.body).toMatchObject({ principal: { kind: 'client' }, projects: [] });
  });

  it('throttles repeated failed sign-ins of one account with 429 and Retry-After, known or not', async () => {
    const path = `/api/v1/studios/${staff.slug}/sessions`;
    for (const email of [staff.email, 'nobody-at-all@nowhere.test']) {
      const answers = [];
      for (let i = 0; i < 7; i++)
        answers.push(await system.api.post(path, { email, password: 'wrong password' }));
      const throttled = answers.filter((a) => a.status === 429);
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled[0]!.body).toMatchObject({ code: 'rate-limited' });
      expect(Number(throttled[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('walks the access table, with each refusal', async () => {
    const api = system.api;
    const client = await addClient();
    expect(client.access).toBe('Inactive');
    const at = (suffix = '') => `/api/v1/clients/${client.id}${suffix}`;

    expect((await api.post(at('/invitation/resend'), undefined, as(staff.token))).body).toMatchObject({
      code: 'no-invitation',
    });
    expect((await api.delete(at('/invitation'), as(staff.token))).body).toMatchObject({
      code: 'no-invitation',
    });
    expect((await api.post(at('/deactivation'), undefined, as(staff.token))).body).toMatchObject({
      code: 'client-inactive',
    });

    const invited = await api.post<ClientBody>(at('/invitation'), { message: 'Hello' }, as(staff.token));
    expect(invited).toMatchObject({ status: 200, body: { access: 'Invited' } });
    expect((await api.post(at('/invitation'), {}, as(staff.token))).body).toMatchObject({
      code: 'invitation-pending',
    });
    const first = linkToken(await invitationMail(client.email), 'invitations');

    const resent = await api.post<ClientBody>(at('/invitation/resend'), undefined, as(staff.token));
    expect(resent).toMatchObject({ status: 200, body: { access: 'Invited' } });
    const second = linkToken(
      await waitForMail(
        system.mailbox,
        (m) => m.to.includes(client.email) && linkToken(m, 'invitations') !== first,
      ),
      'invitations',
    );
    expect(await api.get(`/api/v1/invitations/${first}`)).toMatchObject({
      status: 410,
      body: { code: 'invitation-replaced' },
    });

    const revoked = await api.delete<ClientBody>(at('/invitation'), as(staff.token));
    expect(revoked).toMatchObject({ status: 200, body: { access: 'Inactive' } });
    expect(await api.get(`/api/v1/invitations/${second}`)).toMatchObject({
      status: 410,
      body: { code: 'invitation-revoked' },
    });

    await api.post(at('/invitation'), {}, as(staff.token));
    const invitedAgain = await waitForMail(
      system.mailbox,
      (m) => m.to.includes(client.email) && ![first, second].includes(linkToken(m, 'invitations')),
    );
    const deactivated = await api.post<ClientBody>(at('/deactivation'), undefined, as(staff.token));
    expect(deactivated).toMatchObject({ status: 200, body: { access: 'Inactive' } });
    expect(await api.get(`/api/v1/invitations/${linkToken(invitedAgain, 'invitations')}`)).toMatchObject({
      status: 410,
    });

    const history = await api.get<{ events: { type: string }[] }>(at('/history'), as(staff.token));
    expect(history.body.events.map((e) => e.type)).toEqual([
      'ClientAdded',
      'ClientInvited',
      'ClientInvitationResent',
      'ClientInvitationRevoked',
      'ClientInvited',
      'ClientDeactivated',
    ]);
    expect(JSON.stringify(history.body)).not.toMatch(/token|hash/i);
  });

  it('refuses to invite an Active client, and re-invites after deactivation', async () => {
    const client = await addClient(aClient({ invite: {} }));
    const token = linkToken(await invitationMail(client.email), 'invitations');
    await system.api.post(`/api/v1/invitations/${token}/acceptance`, { password: 'a long enough secret' });
    const at = `/api/v1/clients/${client.id}`;
    expect((await system.api.post(`${at}/invitation`, {}, as(staff.token))).body).toMatchObject({
      code: 'client-active',
    });
    expect((await system.api.post(`${at}/deactivation`, undefined, as(staff.token))).body).toMatchObject({
      access: 'Inactive',
    });
    const signIn = await system.api.post(`/api/v1/studios/${staff.slug}/sessions`, {
      email: client.email,
      password: 'a long enough secret',
    });
    expect(signIn.body).toMatchObject({ code: 'invalid-credentials' });
    expect((await system.api.post(`${at}/invitation`, {}, as(staff.token))).body).toMatchObject({
      access: 'Invited',
    });
  });

  it('keeps studios apart: another studio sees 404 on every client endpoint', async () => {
    const client = await addClient();
    const other = await createStudio(system.api);
    const at = `/api/v1/clients/${client.id}`;
    const calls = [
      system.api.get(at, as(other.token)),
      system.api.patch(at, { firstName: 'X' }, as(other.token)),
      system.api.get(`${at}/history`, as(other.token)),
      system.api.get(`${at}/invitation/draft`, as(other.token)),
      system.api.post(`${at}/invitation`, {}, as(other.token)),
      system.api.post(`${at}/invitation/resend`, undefined, as(other.token)),
      system.api.delete(`${at}/invitation`, as(other.token)),
      system.api.post(`${at}/deactivation`, undefined, as(other.token)),
    ];
    for (const answer of await Promise.all(calls)) expect(answer.status).toBe(404);
  });

  it('lets exactly one of 20 concurrent adds of one email win', async () => {
    const body = aClient();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => system.api.post('/api/v1/clients', body, as(staff.token))),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409 && a.body.code === 'email-taken')).toHaveLength(19);
  });

  it('replays a POST with the same Idempotency-Key, and refuses the key with another body', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const body = aClient();
    const first = await system.api.post('/api/v1/clients', body, { token: staff.token, headers });
    const again = await system.api.post('/api/v1/clients', body, { token: staff.token, headers });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    const other = await system.api.post('/api/v1/clients', aClient(), { token: staff.token, headers });
    expect(other).toMatchObject({ status: 422, body: { code: 'idempotency-key-reused' } });
  });

  it('resets a forgotten password, answering unknown emails the same way', async () => {
    const client = await addClient(aClient({ invite: {} }));
    const token = linkToken(await invitationMail(client.email), 'invitations');
    const accepted = await system.api.post<{ token: string }>(`/api/v1/invitations/${token}/acceptance`, {
      password: 'a long enough secret',
    });

    const path = `/api/v1/studios/${staff.slug}/password-resets`;
    const known = await system.api.post(path, { email: client.email });
    const unknown = await system.api.post(path, { email: 'nobody@nowhere.test' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);

    const mail = await waitForMail(
      system.mailbox,
      (m) => m.to.includes(client.email) && m.text.includes('/password-resets/'),
    );
    const reset = linkToken(mail, 'password-resets');
    expect(
      (await system.api.post(`/api/v1/password-resets/${reset}`, { password: 'a brand new secret' })).status,
    ).toBe(204);
    expect(
      (await system.api.post(`/api/v1/password-resets/${reset}`, { password: 'a brand new secret' })).body,
    ).toMatchObject({
      code: 'reset-used',
    });
    expect((await system.api.get('/api/v1/me', { token: accepted.body.token })).status).toBe(401);
    const signIn = await system.api.post(`/api/v1/studios/${staff.slug}/sessions`, {
      email: client.email,
      password: 'a brand new secret',
    });
    expect(signIn.status).toBe(201);
  });

  it('lists clients with counts per access state', async () => {
    const page = await system.api.get<{
      items: unknown[];
      counts: Record<'Active' | 'Invited' | 'Inactive', number>;
      nextCursor: string | null;
    }>('/api/v1/clients?limit=2&sort=-createdAt', { token: staff.token });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    expect(page.body.counts.Active + page.body.counts.Invited + page.body.counts.Inactive).toBeGreaterThan(5);
  });
});
