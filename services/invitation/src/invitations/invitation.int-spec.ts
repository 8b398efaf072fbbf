import { randomUUID } from 'node:crypto';
import {
  type ActivateStagedCredentialsBody,
  type ClientEvent,
  clientEventSubject,
  DurableSubject,
  type MailRequest,
  type PublishedEvent,
  type Envelope,
  type Reply,
  RequestSubject,
  type StageCredentialsBody,
  type StudioDetailsDto,
} from '@studio/contracts';
import {
  type InProcessSystem,
  LinkSealer,
  newLinkKey,
  parseLinkKey,
  startInProcess,
} from '@studio/service-kit';
import { createDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { invitationService } from '../index';

const HOUR = 3_600_000;
const T0 = new Date('2026-11-26T14:00:00.000Z');
const STUDIO: StudioDetailsDto = {
  id: 'studio-1',
  name: 'Atelier Nord',
  slug: 'atelier-nord',
  owner: { id: 'staff-1', firstName: 'Dana', lastName: 'Designer', email: 'dana@atelier.example' },
};
const STRONG = 'correct horse battery staple';
/** Links leave the service sealed with it; only notification (here: the test) opens them. */
const LINK_KEY = newLinkKey();
const sealer = LinkSealer.withKey(parseLinkKey(LINK_KEY));

let clockNow = T0;
const mails: MailRequest[] = [];
const calls: Record<string, unknown[]> = {};
const refusals = new Map<string, Reply<never>>();
const versions = new Map<string, number>();

/** A client event as the registry publishes it, numbered per client stream. */
async function publish(
  system: InProcessSystem,
  type: ClientEvent['type'],
  data: Record<string, unknown>,
): Promise<void> {
  const clientId = String(data.clientId);
  const version = (versions.get(clientId) ?? 0) + 1;
  versions.set(clientId, version);
  const event: PublishedEvent = {
    id: randomUUID(),
    type,
    data: { studioId: STUDIO.id, at: clockNow.toISOString(), by: { kind: 'staff', id: 'staff-1' }, ...data },
    streamId: `client-${clientId}`,
    streamVersion: version,
    position: String(version),
    recordedAt: clockNow.toISOString(),
    metadata: {},
  };
  await system.bus.publish(clientEventSubject(type), event, { msgId: event.id });
}

const aClientAdded = (clientId: string, firstName = 'Ana') => ({
  clientId,
  firstName,
  lastName: 'Silva',
  email: `${clientId}@example.com`,
  phone: null,
  type: null,
  source: null,
  tags: [],
});

const addClient = (system: InProcessSystem, clientId: string, firstName = 'Ana') =>
  publish(system, 'ClientAdded', aClientAdded(clientId, firstName));

const invite = (
  system: InProcessSystem,
  clientId: string,
  invitationId: string,
  extra: Record<string, unknown> = {},
) =>
  publish(system, 'ClientInvited', {
    clientId,
    invitationId,
    expiresAt: new Date(clockNow.getTime() + 72 * HOUR).toISOString(),
    message: null,
    reason: 'invite',
    ...extra,
  });

async function waitFor<T>(find: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const mailFor = (key: string) => waitFor(() => mails.find((mail) => mail.key === key));
const tokenOf = (mail: MailRequest): string => {
  if (!('link' in mail)) throw new Error('no link');
  const link = sealer.open(mail.link);
  return link.slice(link.lastIndexOf('/') + 1);
};

describe('invitation service', () => {
  let system: InProcessSystem;
  let db: SqlDatabase;
  let drop: () => Promise<void>;

  const ok = (value: unknown): Reply<unknown> => ({ ok: true, value });
  const refused = (code: 'invitation-used' | 'service-unavailable'): Reply<unknown> => ({
    ok: false,
    problem: { code },
  });
  const standIn = (subject: string, reply: (body: unknown) => Reply<unknown>) => {
    calls[subject] = [];
    system.hub.register(subject, async (envelope: Envelope<unknown>) => {
      calls[subject]!.push(envelope.body);
      const body = envelope.body as { invitationId?: string };
      const refusal =
        body.invitationId === undefined ? undefined : refusals.get(`${subject}:${body.invitationId}`);
      return refusal ?? reply(envelope.body);
    });
  };
  const callsFor = (subject: string, invitationId: string) =>
    calls[subject]!.filter((body) => (body as { invitationId?: string }).invitationId === invitationId);

  /** identity, as invitation uses it: a session only for the password staged for that invitation. */
  const stagedCredentials = new Map<string, StageCredentialsBody>();
  const standInForIdentity = () => {
    standIn(RequestSubject.stageCredentials, (body) => {
      const staged = body as StageCredentialsBody;
      stagedCredentials.set(staged.invitationId, staged);
      return ok({});
    });
    standIn(RequestSubject.activateCredentials, (body) => {
      const { invitationId, password } = body as ActivateStagedCredentialsBody;
      const staged = stagedCredentials.get(invitationId);
      if (staged?.password !== password) return refused('invitation-used');
      const { clientId, email, firstName, lastName } = staged;
      return ok({
        token: `session-${calls[RequestSubject.activateCredentials]!.length}`,
        expiresAt: T0.toISOString(),
        principal: { kind: 'client', id: clientId, studioId: STUDIO.id, firstName, lastName, email },
      });
    });
  };

  /** client-registry's acceptance: repeated for an accepted invitation, it answers the same, appending nothing. */
  const accepted = new Set<string>();
  const answersLost = new Set<string>();
  const standInForRegistry = () => {
    standIn(RequestSubject.acceptInvitation, (body) => {
      const { invitationId } = body as { invitationId: string };
      accepted.add(invitationId);
      // The acceptance is stored, but its answer does not come back in time.
      if (answersLost.delete(invitationId)) return refused('service-unavailable');
      return ok({ access: 'Active' });
    });
    standIn(RequestSubject.expireInvitation, () => ok({}));
    standIn(RequestSubject.invitationStanding, (body) => {
      const { invitationId } = body as { invitationId: string };
      return ok({
        standing: standings.get(invitationId) ?? (accepted.has(invitationId) ? 'used' : 'current'),
      });
    });
  };
  /** What the registry says of an invitation whose event this service has not seen yet. */
  const standings = new Map<string, string>();

  beforeAll(async () => {
    const fresh = await freshDatabase('invitation');
    drop = fresh.drop;
    system = await startInProcess([invitationService], {
      env: { PUBLIC_URL: 'https://portal.example', INVITATION_SWEEP_INTERVAL: '1s', MAIL_LINK_KEY: LINK_KEY },
      databaseFor: async (name) => (db = await createDatabase(fresh.url, { schema: name })),
      openEventStore: () => Promise.reject(new Error('not used')),
      clock: { now: () => clockNow },
    });
    await system.bus.consume('test.mail', DurableSubject.mailRequests, async (message) => {
      mails.push(message.data as MailRequest);
    });
    standIn(RequestSubject.getStudio, () => ok(STUDIO));
    standInForIdentity();
    standInForRegistry();
  });

  beforeEach(() => {
    clockNow = T0;
  });

  afterAll(async () => {
    await system.stop();
    await db.close();
    await drop();
  });

  const lookup = (token: string) => system.hub.request(RequestSubject.lookupInvitation, { token });
  const redeem = (token: string, password = STRONG) =>
    system.hub.request(RequestSubject.redeemInvitation, { token, password });

  it('turns an invitation into exactly one mail request with a working link, storing only its hash', async () => {
    await addClient(system, 'c-invite');
    await invite(system, 'c-invite', 'inv-invite', { message: 'Welcome <b>aboard</b>' });
    // Delivered twice: still one link, one email.
    await invite(system, 'c-invite', 'inv-invite', { message: 'Welcome <b>aboard</b>' });
    const mail = await mailFor('invitation:inv-invite');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mails.filter((m) => m.key === 'invitation:inv-invite')).toHaveLength(1);
    expect(mail).toMatchObject({
      template: 'invitation',
      to: 'c-invite@example.com',
      studio: { id: STUDIO.id, name: STUDIO.name, slug: STUDIO.slug },
      clientId: 'c-invite',
      invitationId: 'inv-invite',
      firstName: 'Ana',
      message: 'Welcome <b>aboard</b>',
      expiresAt: new Date(T0.getTime() + 72 * HOUR).toISOString(),
    });
    expect(mail).not.toHaveProperty('studio.owner');
    const token = tokenOf(mail);
    expect('link' in mail && sealer.open(mail.link)).toBe(`https://portal.example/invitations/${token}`);
    // As it rests in the outbox row and travels on the bus, the request holds the link sealed only.
    expect('link' in mail && mail.link).toMatch(/^sealed:v1:/);
    expect(JSON.stringify(mail)).not.toContain(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await expect(lookup(token)).resolves.toEqual({
      studio: { name: STUDIO.name, slug: STUDIO.slug },
      client: { firstName: 'Ana', email: 'c-invite@example.com' },
      expiresAt: new Date(T0.getTime() + 72 * HOUR).toISOString(),
    });
    // Reading never uses the link up.
    await expect(lookup(token)).resolves.toMatchObject({ client: { firstName: 'Ana' } });

    const stored = await db.query<{ token_hash: string }>(
      'SELECT token_hash FROM invitations WHERE invitation_id = $1',
      ['inv-invite'],
    );
    expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const everything = await db.query<{ dump: string }>(
      `SELECT row_to_json(i)::text AS dump FROM invitations i`,
    );
    expect(everything.rows.map((row) => row.dump).join()).not.toContain(token);
    // The sealed link lived in the outbox row only until it was relayed.
    await waitFor(async () =>
      (await db.query('SELECT 1 FROM outbox')).rows.length === 0 ? true : undefined,
    );
  });

  it('uses the latest profile and sends a purchase welcome for a purchase', async () => {
    await addClient(system, 'c-buyer');
    await publish(system, 'ClientProfileUpdated', { clientId: 'c-buyer', changes: { firstName: 'Bea' } });
    await invite(system, 'c-buyer', 'inv-buyer', { reason: 'purchase' });
    await expect(mailFor('invitation:inv-buyer')).resolves.toMatchObject({
      template: 'purchase-welcome',
      firstName: 'Bea',
    });
  });

  it('answers revoked for a link the registry revoked a moment ago, before the event arrives', async () => {
    await addClient(system, 'c-racing');
    await invite(system, 'c-racing', 'inv-racing');
    const token = tokenOf(await mailFor('invitation:inv-racing'));
    standings.set('inv-racing', 'revoked');
    await expect(lookup(token)).rejects.toMatchObject({ problem: { code: 'invitation-revoked' } });
  });

  it('waits for identity when it is down and the studio is new to it, then sends the email', async () => {
    const studioId = 'studio-later';
    system.hub.unregister(RequestSubject.getStudio);
    await publish(system, 'ClientAdded', { ...aClientAdded('c-later'), studioId });
    const published = invite(system, 'c-later', 'inv-later', { studioId });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mails.find((m) => m.key === 'invitation:inv-later')).toBeUndefined();
    standIn(RequestSubject.getStudio, () => ok({ ...STUDIO, id: studioId }));
    await published;
    await expect(mailFor('invitation:inv-later')).resolves.toMatchObject({ invitationId: 'inv-later' });
  });

  it('sends the email of a studio it asked identity about a moment ago while identity is down', async () => {
    await addClient(system, 'c-known');
    await invite(system, 'c-known', 'inv-known-1');
    await mailFor('invitation:inv-known-1');
    system.hub.unregister(RequestSubject.getStudio);
    try {
      await invite(system, 'c-known', 'inv-known-2');
      await expect(mailFor('invitation:inv-known-2')).resolves.toMatchObject({
        studio: { id: STUDIO.id, name: STUDIO.name },
      });
    } finally {
      standIn(RequestSubject.getStudio, () => ok(STUDIO));
    }
  });

  it('answers replaced for a link a resend replaced, and accepts the new one', async () => {
    await addClient(system, 'c-resend');
    await invite(system, 'c-resend', 'inv-first');
    const first = tokenOf(await mailFor('invitation:inv-first'));
    await publish(system, 'ClientInvitationResent', {
      clientId: 'c-resend',
      invitationId: 'inv-second',
      replacedInvitationId: 'inv-first',
      expiresAt: new Date(T0.getTime() + 72 * HOUR).toISOString(),
      message: null,
      reason: 'invite',
    });
    const second = tokenOf(await mailFor('invitation:inv-second'));
    expect(second).not.toBe(first);
    await expect(lookup(first)).rejects.toMatchObject({ problem: { code: 'invitation-replaced' } });
    await expect(redeem(first)).rejects.toMatchObject({ problem: { code: 'invitation-replaced' } });
    await expect(lookup(second)).resolves.toMatchObject({ client: { email: 'c-resend@example.com' } });
  });

  it('answers revoked after a revocation or a deactivation', async () => {
    await addClient(system, 'c-revoke');
    await invite(system, 'c-revoke', 'inv-revoke');
    const revoked = tokenOf(await mailFor('invitation:inv-revoke'));
    await publish(system, 'ClientInvitationRevoked', {
      clientId: 'c-revoke',
      invitationId: 'inv-revoke',
      expiresAt: T0.toISOString(),
    });
    await expect(lookup(revoked)).rejects.toMatchObject({ problem: { code: 'invitation-revoked' } });
    await expect(redeem(revoked)).rejects.toMatchObject({ problem: { code: 'invitation-revoked' } });

    await addClient(system, 'c-deactivate');
    await invite(system, 'c-deactivate', 'inv-deactivate');
    const cancelled = tokenOf(await mailFor('invitation:inv-deactivate'));
    await publish(system, 'ClientDeactivated', {
      clientId: 'c-deactivate',
      cancelledInvitationId: 'inv-deactivate',
    });
    await expect(lookup(cancelled)).rejects.toMatchObject({ problem: { code: 'invitation-revoked' } });
  });

  it('refuses an expired link at use, before and after the expiry is recorded', async () => {
    await addClient(system, 'c-expire');
    await invite(system, 'c-expire', 'inv-expire');
    const token = tokenOf(await mailFor('invitation:inv-expire'));
    clockNow = new Date(T0.getTime() + 72 * HOUR - 1);
    await expect(lookup(token)).resolves.toMatchObject({ client: { firstName: 'Ana' } });
    clockNow = new Date(T0.getTime() + 72 * HOUR);
    await expect(lookup(token)).rejects.toMatchObject({ problem: { code: 'invitation-expired' } });
    await expect(redeem(token)).rejects.toMatchObject({ problem: { code: 'invitation-expired' } });
    await publish(system, 'ClientInvitationExpired', {
      clientId: 'c-expire',
      invitationId: 'inv-expire',
      expiresAt: T0.toISOString(),
    });
    clockNow = T0;
    await expect(lookup(token)).rejects.toMatchObject({ problem: { code: 'invitation-expired' } });
  });

  it('answers not found for an unknown token', async () => {
    await expect(lookup('no-such-token')).rejects.toMatchObject({
      problem: { code: 'invitation-not-found' },
    });
    await expect(redeem('no-such-token')).rejects.toMatchObject({
      problem: { code: 'invitation-not-found' },
    });
  });

  it('redeems a pending link: identity stages, registry accepts, identity activates, the owner is told', async () => {
    await addClient(system, 'c-redeem', 'Cleo');
    await invite(system, 'c-redeem', 'inv-redeem');
    const token = tokenOf(await mailFor('invitation:inv-redeem'));

    await expect(redeem(token, 'short')).rejects.toMatchObject({ problem: { code: 'weak-password' } });
    await expect(redeem(token, 'password')).rejects.toMatchObject({ problem: { code: 'weak-password' } });
    expect(callsFor(RequestSubject.stageCredentials, 'inv-redeem')).toEqual([]);
    expect(callsFor(RequestSubject.acceptInvitation, 'inv-redeem')).toEqual([]);

    await expect(redeem(token)).resolves.toEqual({
      token: expect.stringMatching(/^session-/),
      expiresAt: T0.toISOString(),
      principal: {
        kind: 'client',
        id: 'c-redeem',
        studioId: STUDIO.id,
        firstName: 'Cleo',
        lastName: 'Silva',
        email: 'c-redeem@example.com',
      },
      redirectTo: '/dashboard',
    });
    const ref = { studioId: STUDIO.id, clientId: 'c-redeem', invitationId: 'inv-redeem' };
    expect(callsFor(RequestSubject.stageCredentials, 'inv-redeem')).toEqual([
      { ...ref, email: 'c-redeem@example.com', firstName: 'Cleo', lastName: 'Silva', password: STRONG },
    ]);
    expect(callsFor(RequestSubject.acceptInvitation, 'inv-redeem')).toEqual([ref]);
    expect(callsFor(RequestSubject.activateCredentials, 'inv-redeem')).toEqual([
      { ...ref, password: STRONG },
    ]);
    await expect(mailFor('accepted:inv-redeem')).resolves.toEqual({
      template: 'invitation-accepted',
      key: 'accepted:inv-redeem',
      to: STUDIO.owner.email,
      studio: { id: STUDIO.id, name: STUDIO.name, slug: STUDIO.slug },
      clientId: 'c-redeem',
      clientName: 'Cleo Silva',
      clientEmail: 'c-redeem@example.com',
      at: T0.toISOString(),
    });
    await expect(lookup(token)).rejects.toMatchObject({ problem: { code: 'invitation-used' } });
    // Used: the same link and password again, at once, is refused (a retry carries an Idempotency-Key).
    await expect(redeem(token)).rejects.toMatchObject({ problem: { code: 'invitation-used' } });
    // The registry's event confirms it; nothing changes.
    await publish(system, 'ClientActivated', { clientId: 'c-redeem', invitationId: 'inv-redeem' });
    await expect(lookup(token)).rejects.toMatchObject({ problem: { code: 'invitation-used' } });
    expect(callsFor(RequestSubject.acceptInvitation, 'inv-redeem')).toEqual([ref]);
  });

  it("finishes on retry an acceptance whose activation failed, though the registry's event marked the link used", async () => {
    await addClient(system, 'c-retry');
    await invite(system, 'c-retry', 'inv-retry');
    const token = tokenOf(await mailFor('invitation:inv-retry'));
    refusals.set(`${RequestSubject.activateCredentials}:inv-retry`, {
      ok: false,
      problem: { code: 'service-unavailable' },
    });
    await expect(redeem(token)).rejects.toMatchObject({ problem: { code: 'service-unavailable' } });
    expect(accepted.has('inv-retry')).toBe(true);
    await publish(system, 'ClientActivated', { clientId: 'c-retry', invitationId: 'inv-retry' });
    await expect(lookup(token)).rejects.toMatchObject({ problem: { code: 'invitation-used' } });
    expect(mails.some((mail) => mail.key === 'accepted:inv-retry')).toBe(false);

    refusals.delete(`${RequestSubject.activateCredentials}:inv-retry`);
    // Another password cannot take the account over through the used link; identity refuses it.
    await expect(redeem(token, 'another long passphrase')).rejects.toMatchObject({
      problem: { code: 'invitation-used' },
    });
    await expect(redeem(token)).resolves.toMatchObject({
      principal: { id: 'c-retry' },
      redirectTo: '/dashboard',
    });
    // A used link stages nothing and is not accepted again: only activated with the password staged from it.
    expect(callsFor(RequestSubject.stageCredentials, 'inv-retry')).toHaveLength(1);
    expect(callsFor(RequestSubject.acceptInvitation, 'inv-retry')).toHaveLength(1);
    await expect(mailFor('accepted:inv-retry')).resolves.toMatchObject({ clientId: 'c-retry' });
    clockNow = new Date(T0.getTime() + 5 * 60_000);
    await expect(redeem(token)).rejects.toMatchObject({ problem: { code: 'invitation-used' } });
  });

  it('repeats an acceptance whose answer from the registry was lost, and completes', async () => {
    await addClient(system, 'c-lost');
    await invite(system, 'c-lost', 'inv-lost');
    const token = tokenOf(await mailFor('invitation:inv-lost'));
    answersLost.add('inv-lost');
    await expect(redeem(token)).rejects.toMatchObject({ problem: { code: 'service-unavailable' } });
    expect(callsFor(RequestSubject.activateCredentials, 'inv-lost')).toEqual([]);

    await expect(redeem(token)).resolves.toMatchObject({ principal: { id: 'c-lost' } });
    expect(callsFor(RequestSubject.acceptInvitation, 'inv-lost')).toHaveLength(2);
    expect(callsFor(RequestSubject.stageCredentials, 'inv-lost')).toHaveLength(2);
    await expect(mailFor('accepted:inv-lost')).resolves.toMatchObject({ clientId: 'c-lost' });
  });

  it('passes on the registry refusing an acceptance, and leaves the link as it was', async () => {
    await addClient(system, 'c-refused');
    await invite(system, 'c-refused', 'inv-refused');
    const token = tokenOf(await mailFor('invitation:inv-refused'));
    refusals.set(`${RequestSubject.acceptInvitation}:inv-refused`, {
      ok: false,
      problem: { code: 'invitation-revoked' },
    });
    await expect(redeem(token)).rejects.toMatchObject({ problem: { code: 'invitation-revoked' } });
    expect(callsFor(RequestSubject.activateCredentials, 'inv-refused')).toEqual([]);
    await expect(lookup(token)).resolves.toMatchObject({ client: { firstName: 'Ana' } });
  });

  it('sweeps: asks the registry to expire pending links past their time', async () => {
    await addClient(system, 'c-sweep');
    await invite(system, 'c-sweep', 'inv-sweep', { expiresAt: new Date(T0.getTime() - 1_000).toISOString() });
    await waitFor(() =>
      calls[RequestSubject.expireInvitation]!.find(
        (body) => (body as { invitationId: string }).invitationId === 'inv-sweep',
      ),
    );
    expect(calls[RequestSubject.expireInvitation]).toContainEqual({
      studioId: STUDIO.id,
      clientId: 'c-sweep',
      invitationId: 'inv-sweep',
    });
    expect(calls[RequestSubject.expireInvitation]).not.toContainEqual(
      expect.objectContaining({ invitationId: 'inv-redeem' }),
    );
  });
});
