import { type ApiClient } from '@studio/api-client';
import { aClient, createStudio, type StaffSession } from './harness/builders';
import { linkToken, type Mail, waitForMail } from './harness/mailbox';
import { refusal, refusedWith } from './harness/problems';
import { type Mode, type RunningSystem, startSystem } from './harness/system';

/** Separate processes once as one of each, once as two of each (calls alternating gateways); embedded. */
const SETUPS: readonly [label: string, mode: Mode, replicas: number][] = [
  ['services', 'services', 1],
  ['services, two replicas of each', 'services', 2],
  ['embedded', 'embedded', 1],
];

describe.each(SETUPS)('the invitation lifecycle, end to end (%s)', (_label, mode, replicas) => {
  let system: RunningSystem;
  let staff: StaffSession;
  let api: ApiClient;

  beforeAll(async () => {
    system = await startSystem(mode, { replicas });
    api = system.client;
    staff = await createStudio(api);
  });
  afterAll(() => system?.stop());

  const invitationMail = (email: string) =>
    waitForMail(system.mailbox, (m: Mail) => m.to.includes(email) && /invit/i.test(m.subject));
  const addClient = (body = aClient()) => staff.client.addClient({ body });
  const accept = (token: string, password = 'a long enough secret') =>
    api.acceptInvitation({ params: { token }, body: { password } });

  it('adds and invites a client, who sets a password from the emailed link and is Active', async () => {
    const client = await addClient(aClient({ invite: { message: 'Welcome <b>aboard</b>' } }));
    expect(client).toMatchObject({ access: 'Invited', invitation: { status: 'pending' } });

    const mail = await invitationMail(client.email);
    expect(mail.text).toContain('Welcome <b>aboard</b>');
    expect(mail.html).not.toContain('<b>aboard</b>');
    expect(mail.text).toMatch(/72 hours/);
    const token = linkToken(mail, 'invitations');

    expect(await api.getInvitation({ params: { token } })).toMatchObject({ client: { email: client.email } });
    await api.getInvitation({ params: { token } });

    expect(await refusedWith(accept(token, 'password'))).toEqual({ status: 422, code: 'weak-password' });
    expect(await accept(token)).toMatchObject({
      redirectTo: '/dashboard',
      principal: { kind: 'client', email: client.email },
    });

    expect((await staff.client.getClient({ params: { id: client.id } })).access).toBe('Active');
    expect(await refusedWith(api.getInvitation({ params: { token } }))).toEqual({
      status: 410,
      code: 'invitation-used',
    });
  });

  it('signs a client in, and fails identically for a wrong password and an unknown email', async () => {
    const client = await addClient(aClient({ invite: {} }));
    await accept(linkToken(await invitationMail(client.email), 'invitations'));

    const signIn = (email: string, password: string) =>
      api.signIn({ params: { slug: staff.slug }, body: { email, password } });
    const session = await signIn(client.email, 'a long enough secret');
    const wrong = await refusal(signIn(client.email, 'not the password'));
    const unknown = await refusal(signIn('nobody@nowhere.test', 'not the password'));
    expect(wrong.status).toBe(401);
    expect([unknown.status, unknown.code, unknown.detail]).toEqual([wrong.status, wrong.code, wrong.detail]);

    expect(await api.withToken(session.token).getMe()).toMatchObject({
      principal: { kind: 'client' },
      projects: [],
    });
  });

  it('throttles repeated failed sign-ins of one account with 429 and Retry-After, known or not', async () => {
    for (const email of [staff.email, 'nobody-at-all@nowhere.test']) {
      const refusals = [];
      for (let i = 0; i < 7; i++)
        refusals.push(
          await refusal(
            api.signIn({ params: { slug: staff.slug }, body: { email, password: 'wrong password' } }),
          ),
        );
      const throttled = refusals.filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled[0]!.code).toBe('rate-limited');
      expect(throttled[0]!.retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  it('walks the access table, with each refusal', async () => {
    const client = await addClient();
    expect(client.access).toBe('Inactive');
    const params = { id: client.id };
    const as = staff.client;

    expect((await refusal(as.resendInvitation({ params }))).code).toBe('no-invitation');
    expect((await refusal(as.revokeInvitation({ params }))).code).toBe('no-invitation');
    expect((await refusal(as.deactivateClient({ params }))).code).toBe('client-inactive');

    expect(await as.sendInvitation({ params, body: { message: 'Hello' } })).toMatchObject({
      access: 'Invited',
    });
    expect((await refusal(as.sendInvitation({ params, body: {} }))).code).toBe('invitation-pending');
    const first = linkToken(await invitationMail(client.email), 'invitations');

    expect(await as.resendInvitation({ params })).toMatchObject({ access: 'Invited' });
    const second = linkToken(
      await waitForMail(
        system.mailbox,
        (m) => m.to.includes(client.email) && linkToken(m, 'invitations') !== first,
      ),
      'invitations',
    );
    expect((await refusal(api.getInvitation({ params: { token: first } }))).code).toBe('invitation-replaced');

    expect(await as.revokeInvitation({ params })).toMatchObject({ access: 'Inactive' });
    expect(await refusedWith(api.getInvitation({ params: { token: second } }))).toEqual({
      status: 410,
      code: 'invitation-revoked',
    });

    await as.sendInvitation({ params, body: {} });
    const invitedAgain = await waitForMail(
      system.mailbox,
      (m) => m.to.includes(client.email) && ![first, second].includes(linkToken(m, 'invitations')),
    );
    expect(await as.deactivateClient({ params })).toMatchObject({ access: 'Inactive' });
    expect(
      (await refusal(api.getInvitation({ params: { token: linkToken(invitedAgain, 'invitations') } })))
        .status,
    ).toBe(410);

    const history = await as.getClientHistory({ params });
    expect(history.events.map((e) => e.type)).toEqual([
      'ClientAdded',
      'ClientInvited',
      'ClientInvitationResent',
      'ClientInvitationRevoked',
      'ClientInvited',
      'ClientDeactivated',
    ]);
    expect(JSON.stringify(history)).not.toMatch(/token|hash/i);
  });

  it('refuses to invite an Active client, and re-invites after deactivation', async () => {
    const client = await addClient(aClient({ invite: {} }));
    await accept(linkToken(await invitationMail(client.email), 'invitations'));
    const params = { id: client.id };
    expect((await refusal(staff.client.sendInvitation({ params, body: {} }))).code).toBe('client-active');
    expect(await staff.client.deactivateClient({ params })).toMatchObject({ access: 'Inactive' });
    const signIn = api.signIn({
      params: { slug: staff.slug },
      body: { email: client.email, password: 'a long enough secret' },
    });
    expect((await refusal(signIn)).code).toBe('invalid-credentials');
    expect(await staff.client.sendInvitation({ params, body: {} })).toMatchObject({ access: 'Invited' });
  });

  it('keeps studios apart: another studio sees 404 on every client endpoint', async () => {
    const client = await addClient();
    const other = (await createStudio(api)).client;
    const params = { id: client.id };
    const calls = [
      other.getClient({ params }),
      other.updateClient({ params, body: { firstName: 'X' } }),
      other.getClientHistory({ params }),
      other.getInvitationDraft({ params }),
      other.sendInvitation({ params, body: {} }),
      other.resendInvitation({ params }),
      other.revokeInvitation({ params }),
      other.deactivateClient({ params }),
    ];
    expect((await Promise.all(calls.map((call) => refusal(call)))).map((problem) => problem.status)).toEqual(
      calls.map(() => 404),
    );
  });

  it('lets exactly one of 20 concurrent adds of one email win', async () => {
    const body = aClient();
    const answers = await Promise.allSettled(Array.from({ length: 20 }, () => addClient(body)));
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const refused = answers.flatMap((a) =>
      a.status === 'rejected' ? [a.reason as { status: number; code: string }] : [],
    );
    expect(refused.filter((r) => r.status === 409 && r.code === 'email-taken')).toHaveLength(19);
  });

  it('replays a POST with the same Idempotency-Key, and refuses the key with another body', async () => {
    const idempotencyKey = `key-${Date.now()}`;
    const body = aClient();
    const first = await staff.client.answer('addClient', { body }, { idempotencyKey });
    const again = await staff.client.answer('addClient', { body }, { idempotencyKey });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(await refusedWith(staff.client.addClient({ body: aClient() }, { idempotencyKey }))).toEqual({
      status: 422,
      code: 'idempotency-key-reused',
    });
  });

  it('resets a forgotten password, answering unknown emails the same way', async () => {
    const client = await addClient(aClient({ invite: {} }));
    const session = await accept(linkToken(await invitationMail(client.email), 'invitations'));

    const params = { slug: staff.slug };
    const known = await api.answer('requestPasswordReset', { params, body: { email: client.email } });
    const unknown = await api.answer('requestPasswordReset', {
      params,
      body: { email: 'nobody@nowhere.test' },
    });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(unknown.body).toEqual(known.body);

    const mail = await waitForMail(
      system.mailbox,
      (m) => m.to.includes(client.email) && m.text.includes('/password-resets/'),
    );
    const reset = {
      params: { token: linkToken(mail, 'password-resets') },
      body: { password: 'a brand new secret' },
    };
    expect((await api.answer('completePasswordReset', reset)).status).toBe(204);
    expect((await refusal(api.completePasswordReset(reset))).code).toBe('reset-used');
    expect((await refusal(api.withToken(session.token).getMe())).status).toBe(401);
    await api.signIn({ params, body: { email: client.email, password: 'a brand new secret' } });
  });

  it('lists clients with counts per access state', async () => {
    const page = await staff.client.listClients({ query: { limit: 2, sort: '-createdAt' } });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(page.counts.Active + page.counts.Invited + page.counts.Inactive).toBeGreaterThan(5);
  });
});
