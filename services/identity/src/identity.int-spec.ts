import { createHash, randomUUID } from 'node:crypto';
import {
  type ActivateStagedCredentialsBody,
  type AuthenticatedDto,
  clientEventSubject,
  type CreateStudioBody,
  DurableSubject,
  type MailRequest,
  type PublishedEvent,
  RequestSubject,
  type SessionDto,
  type StageCredentialsBody,
  type StudioDetailsDto,
  type StudioDto,
  type StudioVerified,
} from '@studio/contracts';
import { type InProcessSystem, startInProcess } from '@studio/service-kit';
import { createDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { identityService } from './index';
import { SIGN_IN_THROTTLE } from './sign-in/sign-in-throttle';

const PASSWORD = 'correct horse battery';
const PUBLIC_URL = 'https://portal.example.test';

/** Time stands still unless a test moves it: expiry and throttling without waiting. */
const clock = {
  current: Date.now(),
  now: () => new Date(clock.current),
  advance: (ms: number) => {
    clock.current += ms;
  },
};

let system: InProcessSystem;
let drop: () => Promise<void>;
const dbs: SqlDatabase[] = [];
const reservations: unknown[] = [];
const mails: MailRequest[] = [];
const verifiedStudios: StudioVerified[] = [];

beforeAll(async () => {
  const fresh = await freshDatabase('identity');
  drop = fresh.drop;
  system = await startInProcess([identityService], {
    env: { PUBLIC_URL, PASSWORD_RESET_TTL: '1h' },
    clock,
    databaseFor: async (name) => {
      const db = await createDatabase(fresh.url, { schema: name });
      dbs.push(db);
      return db;
    },
    openEventStore: () => Promise.reject(new Error('identity has no event store')),
  });
  // Stand-ins for client-registry, which is not running here: it reserves staff emails, and every client is
  // Active there (identity's own account status is what these tests are about).
  system.hub.register(RequestSubject.reserveStaffEmail, async (envelope) => {
    reservations.push(envelope.body);
    return { ok: true, value: {} };
  });
  system.hub.register(RequestSubject.getClientState, async () => ({ ok: true, value: { access: 'Active' } }));
  await system.bus.consume('test.mail', DurableSubject.mailRequests, async (message) => {
    mails.push(message.data as MailRequest);
  });
  await system.bus.consume('test.verified', DurableSubject.studioVerified, async (message) => {
    verifiedStudios.push(message.data as StudioVerified);
  });
});

afterAll(async () => {
  await system?.stop();
  await Promise.all(dbs.map((db) => db.close()));
  await drop?.();
});

// ---- builders and helpers -----------------------------------------------------------------------------

const unique = () => randomUUID().slice(0, 8);

function studioBody(
  overrides: Partial<CreateStudioBody> = {},
  owner: Partial<CreateStudioBody['owner']> = {},
): CreateStudioBody {
  const id = unique();
  return {
    name: `Studio ${id}`,
    slug: `studio-${id}`,
    owner: {
      firstName: 'Olivia',
      lastName: 'Owner',
      email: `owner-${id}@example.com`,
      password: PASSWORD,
      ...owner,
    },
    ...overrides,
  };
}

const request = <V>(subject: string, body: unknown) => system.hub.request<V>(subject, body);
const createStudio = (body: CreateStudioBody = studioBody()) =>
  request<{ studio: StudioDto; session: SessionDto }>(RequestSubject.createStudio, body);
const signIn = (slug: string, email: string, password: string, address = `10.0.0.${unique()}`) =>
  request<SessionDto>(RequestSubject.signIn, { slug, email, password, address });
const authenticate = (token: string) => request<AuthenticatedDto>(RequestSubject.authenticate, { token });
const problemOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return (error as { problem: unknown }).problem;
  }
  throw new Error('expected a refusal');
};

/** A client accepting an invitation, as invitation stages it. */
function clientBody(studioId: string, overrides: Partial<StageCredentialsBody> = {}): StageCredentialsBody {
  return {
    studioId,
    clientId: randomUUID(),
    invitationId: randomUUID(),
    email: `client-${unique()}@example.com`,
    firstName: 'Cleo',
    lastName: 'Client',
    password: PASSWORD,
    ...overrides,
  };
}

const stage = (body: StageCredentialsBody) => request<unknown>(RequestSubject.stageCredentials, body);
const activate = (body: StageCredentialsBody, password = body.password) =>
  request<SessionDto>(RequestSubject.activateCredentials, {
    studioId: body.studioId,
    clientId: body.clientId,
    invitationId: body.invitationId,
    password,
  } satisfies ActivateStagedCredentialsBody);
/** What invitation does with a pending link: stage, (the registry accepts,) activate. */
async function accept(body: StageCredentialsBody): Promise<SessionDto> {
  await stage(body);
  return activate(body);
}

function clientEvent(
  type: string,
  body: StageCredentialsBody,
  data: Record<string, unknown>,
  version: number,
): PublishedEvent {
  return {
    id: randomUUID(),
    type,
    data: {
      studioId: body.studioId,
      clientId: body.clientId,
      at: clock.now().toISOString(),
      by: { kind: 'staff', id: 's' },
      ...data,
    },
    streamId: `client-${body.clientId}`,
    streamVersion: version,
    position: String(version),
    recordedAt: clock.now().toISOString(),
    metadata: {},
  };
}

const activated = (body: StageCredentialsBody, version: number) =>
  clientEvent('ClientActivated', body, { invitationId: body.invitationId }, version);
const deactivated = (body: StageCredentialsBody, version: number, at = clock.now()) =>
  clientEvent('ClientDeactivated', body, { cancelledInvitationId: null, at: at.toISOString() }, version);

async function publish(event: PublishedEvent): Promise<void> {
  await system.bus.publish(clientEventSubject(event.type), event, { msgId: event.id });
}

async function waitForMail(match: (mail: MailRequest) => boolean): Promise<MailRequest> {
  const until = Date.now() + 5_000;
  for (;;) {
    const mail = mails.find(match);
    if (mail) return mail;
    if (Date.now() > until) throw new Error('no such mail request');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const tokenOf = (mail: MailRequest): string => {
  if (mail.template !== 'password-reset') throw new Error('not a reset mail');
  return mail.link.slice(`${PUBLIC_URL}/password-resets/`.length);
};

// ---- studios ------------------------------------------------------------------------------------------------

describe('creating a studio', () => {
  it('creates the studio and its owner, reserves the email and opens a session', async () => {
    const body = studioBody({}, { email: ' Owner.Case@Example.COM ' });
    const { studio, session } = await createStudio(body);
    expect(studio).toEqual({ id: expect.any(String), name: body.name, slug: body.slug });
    expect(session.principal).toEqual({
      kind: 'staff',
      id: expect.any(String),
      studioId: studio.id,
      firstName: 'Olivia',
      lastName: 'Owner',
      email: 'owner.case@example.com',
    });
    expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(clock.current + 29 * 24 * 3600_000);
    expect(reservations).toContainEqual({
      studioId: studio.id,
      staffId: session.principal.id,
      email: 'owner.case@example.com',
    });
    await expect(authenticate(session.token)).resolves.toEqual({ principal: session.principal, studio });

    const details = {
      ...studio,
      owner: {
        id: session.principal.id,
        firstName: 'Olivia',
        lastName: 'Owner',
        email: 'owner.case@example.com',
      },
    };
    await expect(
      request<StudioDetailsDto>(RequestSubject.getStudio, { studioId: studio.id }),
    ).resolves.toEqual(details);
    await expect(request<StudioDetailsDto>(RequestSubject.getStudio, { slug: studio.slug })).resolves.toEqual(
      details,
    );
    expect(await problemOf(request(RequestSubject.getStudio, { slug: 'no-such-studio' }))).toMatchObject({
      code: 'not-found',
    });
  });

  it('refuses a taken slug, also when two sign-ups race for it', async () => {
    const first = await createStudio();
    expect(await problemOf(createStudio(studioBody({ slug: first.studio.slug })))).toMatchObject({
      code: 'slug-taken',
    });
    const slug = `race-${unique()}`;
    const results = await Promise.allSettled([
      createStudio(studioBody({ slug })),
      createStudio(studioBody({ slug })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ problem: { code: 'slug-taken' } });
  });

  it('refuses a weak password and names every invalid field', async () => {
    expect(await problemOf(createStudio(studioBody({}, { password: 'password' })))).toMatchObject({
      code: 'weak-password',
    });
    const problem = await problemOf(
      createStudio(studioBody({ name: ' ', slug: 'Bad Slug' }, { email: 'not-an-email', firstName: '' })),
    );
    expect(problem).toMatchObject({ code: 'validation-failed' });
    expect((problem as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      'name',
      'slug',
      'owner.firstName',
      'owner.email',
    ]);
  });
});

describe("verifying the owner's email", () => {
  const verify = (token: string) => request(RequestSubject.verifyEmail, { token });

  it('mails the owner a link at sign-up; opening it tells notification, once, and answers the same again', async () => {
    const body = studioBody();
    const { studio } = await createStudio(body);
    const mail = await waitForMail((m) => m.template === 'email-verification' && m.to === body.owner.email);
    expect(mail).toMatchObject({
      studio,
      firstName: 'Olivia',
      key: expect.stringMatching(/^email-verification:/),
    });
    const link = mail.template === 'email-verification' ? mail.link : '';
    expect(link).toMatch(new RegExp(`^${PUBLIC_URL}/email-verifications/[A-Za-z0-9_-]{43}$`));
    const token = link.slice(`${PUBLIC_URL}/email-verifications/`.length);
    const stored = await dbs[0]!.query('SELECT token_hash FROM email_verifications WHERE studio_id = $1', [
      studio.id,
    ]);
    expect(stored.rows).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);

    expect(verifiedStudios.some((v) => v.studioId === studio.id)).toBe(false);
    await expect(verify(token)).resolves.toEqual({});
    await expect(verify(token)).resolves.toEqual({});
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(verifiedStudios.filter((v) => v.studioId === studio.id)).toEqual([
      { studioId: studio.id, at: clock.now().toISOString() },
    ]);
    expect(await problemOf(verify('no-such-token'))).toMatchObject({ code: 'not-found' });
    expect(await problemOf(verify(''))).toMatchObject({ code: 'not-found' });
  });
});

// ---- sessions -------------------------------------------------------------------------------------------

describe('signing in', () => {
  it('opens a session for the right password and answers the same for everything else', async () => {
    const body = studioBody();
    const { studio } = await createStudio(body);
    const session = await signIn(studio.slug, body.owner.email.toUpperCase(), PASSWORD);
    expect(session.principal).toMatchObject({ kind: 'staff', studioId: studio.id, email: body.owner.email });
    await expect(authenticate(session.token)).resolves.toMatchObject({ studio });

    const wrong = await problemOf(signIn(studio.slug, body.owner.email, 'wrong password!'));
    const unknown = await problemOf(signIn(studio.slug, 'nobody@example.com', PASSWORD));
    const noStudio = await problemOf(signIn('no-such-studio', body.owner.email, PASSWORD));
    expect(wrong).toEqual({ code: 'invalid-credentials' });
    expect(unknown).toEqual(wrong);
    expect(noStudio).toEqual(wrong);
  });

  it('throttles an account after five failures with a growing delay, the same whether it exists or not', async () => {
    const body = studioBody();
    const { studio } = await createStudio(body);
    for (const email of [body.owner.email, `ghost-${unique()}@example.com`]) {
      for (let i = 0; i < 5; i++) {
        expect(await problemOf(signIn(studio.slug, email, 'wrong password!'))).toEqual({
          code: 'invalid-credentials',
        });
      }
      expect(await problemOf(signIn(studio.slug, email, PASSWORD))).toMatchObject({
        code: 'rate-limited',
        retryAfterSeconds: 1,
      });
      clock.advance(1_000);
      expect(await problemOf(signIn(studio.slug, email, 'wrong password!'))).toEqual({
        code: 'invalid-credentials',
      });
      expect(await problemOf(signIn(studio.slug, email, PASSWORD))).toMatchObject({
        code: 'rate-limited',
        retryAfterSeconds: 2,
      });
      clock.advance(2_000);
    }
    // The block has passed: the right password gets in and the account's count starts over.
    await expect(signIn(studio.slug, body.owner.email, PASSWORD)).resolves.toMatchObject({
      principal: { studioId: studio.id },
    });
    for (let i = 0; i < 4; i++) await problemOf(signIn(studio.slug, body.owner.email, 'wrong password!'));
    await expect(signIn(studio.slug, body.owner.email, PASSWORD)).resolves.toBeDefined();
  });

  it('throttles an address that tries many accounts', async () => {
    const body = studioBody();
    const { studio } = await createStudio(body);
    const address = '192.0.2.7';
    for (let i = 0; i < SIGN_IN_THROTTLE.addressFreeFailures; i++)
      await problemOf(signIn(studio.slug, `ghost-${i}-${unique()}@example.com`, 'wrong', address));
    expect(await problemOf(signIn(studio.slug, body.owner.email, PASSWORD, address))).toMatchObject({
      code: 'rate-limited',
    });
    await expect(signIn(studio.slug, body.owner.email, PASSWORD, '192.0.2.8')).resolves.toBeDefined();
    clock.advance(1_000);
  });

  it('ends a session at its absolute lifetime (30 days by default), however often it is used', async () => {
    const day = 24 * 3600_000;
    const { session } = await createStudio();
    for (const days of [10, 10, 9]) {
      clock.advance(days * day);
      await expect(authenticate(session.token)).resolves.toMatchObject({ principal: session.principal });
    }
    clock.advance(day + 1);
    expect(await problemOf(authenticate(session.token))).toMatchObject({ code: 'unauthenticated' });
  });

  it('authenticates a token until the session is signed out', async () => {
    const { session } = await createStudio();
    await expect(authenticate(session.token)).resolves.toMatchObject({ principal: session.principal });
    await expect(request(RequestSubject.signOut, { token: session.token })).resolves.toEqual({});
    expect(await problemOf(authenticate(session.token))).toMatchObject({ code: 'unauthenticated' });
    expect(await problemOf(authenticate('not-a-token'))).toMatchObject({ code: 'unauthenticated' });
    expect(await problemOf(authenticate(''))).toMatchObject({ code: 'unauthenticated' });
  });
});

// ---- client credentials --------------------------------------------------------------------------------

describe('client credentials', () => {
  it("stages a password that becomes the client's only once the registry's acceptance arrives", async () => {
    const { studio } = await createStudio();
    const body = clientBody(studio.id);
    expect(await problemOf(stage({ ...body, password: '12345678' }))).toMatchObject({
      code: 'weak-password',
    });
    await expect(stage(body)).resolves.toEqual({});
    expect(await problemOf(signIn(studio.slug, body.email, PASSWORD))).toEqual({
      code: 'invalid-credentials',
    });

    await publish(activated(body, 2));
    const session = await signIn(studio.slug, body.email, PASSWORD);
    expect(session.principal).toEqual({
      kind: 'client',
      id: body.clientId,
      studioId: studio.id,
      firstName: 'Cleo',
      lastName: 'Client',
      email: body.email,
    });
    // The activate request that follows (or a retry of it) finds it done, and opens a session.
    await expect(activate(body)).resolves.toMatchObject({ principal: { id: body.clientId } });
    await expect(authenticate(session.token)).resolves.toMatchObject({ principal: { id: body.clientId } });
    expect(await problemOf(activate(body, 'another fine passphrase'))).toEqual({
      code: 'invitation-used',
      detail: expect.any(String),
    });
  });

  it('promotes the staged password on the activate request; the event that follows changes nothing', async () => {
    const { studio } = await createStudio();
    const body = clientBody(studio.id);
    const session = await accept(body);
    await expect(authenticate(session.token)).resolves.toMatchObject({
      principal: { kind: 'client', id: body.clientId },
    });
    await publish(activated(body, 2));
    await publish(activated(body, 2)); // redelivered
    const retried = await activate(body);
    for (const token of [session.token, retried.token]) {
      await expect(authenticate(token)).resolves.toMatchObject({ principal: { id: body.clientId } });
    }
    await expect(signIn(studio.slug, body.email, PASSWORD)).resolves.toBeDefined();
  });

  it("keeps the latest staged password, and none after the invitation's credential was promoted", async () => {
    const { studio } = await createStudio();
    const body = clientBody(studio.id);
    const second = { ...body, password: 'a second passphrase' };
    await stage(body);
    await stage(second);
    expect(await problemOf(activate(body))).toMatchObject({ code: 'invitation-used' });
    await expect(activate(second)).resolves.toMatchObject({ principal: { id: body.clientId } });

    const third = { ...body, password: 'a third passphrase' };
    await stage(third);
    expect(await problemOf(activate(third))).toMatchObject({ code: 'invitation-used' });
    await expect(signIn(studio.slug, body.email, second.password)).resolves.toBeDefined();
    expect(await problemOf(activate({ ...body, invitationId: randomUUID() }))).toMatchObject({
      code: 'invitation-used',
    });
  });

  it('disables the client on a deactivation after the activation by version, even if its clock is behind', async () => {
    const { studio } = await createStudio();
    const body = clientBody(studio.id);
    const first = await accept(body);
    const second = await signIn(studio.slug, body.email, PASSWORD);
    await publish(activated(body, 2));

    const late = deactivated(body, 3, new Date(clock.current - 60_000));
    await publish(late);
    await publish(late); // redelivered: no harm
    for (const token of [first.token, second.token]) {
      expect(await problemOf(authenticate(token))).toMatchObject({ code: 'unauthenticated' });
    }
    expect(await problemOf(signIn(studio.slug, body.email, PASSWORD))).toEqual({
      code: 'invalid-credentials',
    });

    // Invited again (version 4): a new invitation re-activates the account with its own password.
    const again = { ...body, invitationId: randomUUID(), password: 'another fine passphrase' };
    const session = await accept(again);
    await publish(late); // a late copy of the old event must not lock the re-activated client out
    await publish(activated(again, 5));
    await publish(late);
    await expect(authenticate(session.token)).resolves.toMatchObject({ principal: { id: body.clientId } });
    await publish(deactivated(again, 6));
    expect(await problemOf(authenticate(session.token))).toMatchObject({ code: 'unauthenticated' });
  });

  it('refuses the activate request of a client deactivated after the acceptance', async () => {
    const { studio } = await createStudio();
    const body = clientBody(studio.id);
    await stage(body);
    await publish(activated(body, 2));
    await publish(deactivated(body, 3));
    expect(await problemOf(activate(body))).toMatchObject({ code: 'invitation-revoked' });
    expect(await problemOf(signIn(studio.slug, body.email, PASSWORD))).toEqual({
      code: 'invalid-credentials',
    });
  });

  it('drops the staged password of an invitation a deactivation cancelled', async () => {
    const { studio } = await createStudio();
    const body = clientBody(studio.id);
    await stage(body);
    await publish(clientEvent('ClientDeactivated', body, { cancelledInvitationId: body.invitationId }, 2));
    expect(await problemOf(activate(body))).toMatchObject({ code: 'invitation-used' });
  });

  it('follows a client changing email or name, once, staged or active', async () => {
    const { studio } = await createStudio();
    const body = clientBody(studio.id);
    await stage(body);
    const staged = `staged-${unique()}@example.com`;
    await publish(clientEvent('ClientProfileUpdated', body, { changes: { email: staged } }, 2));
    await publish(activated(body, 3));
    await expect(signIn(studio.slug, staged, PASSWORD)).resolves.toBeDefined();

    const newEmail = `moved-${unique()}@example.com`;
    await publish(
      clientEvent(
        'ClientProfileUpdated',
        body,
        { changes: { email: newEmail, lastName: 'Moved' }, previousEmail: staged },
        5,
      ),
    );
    await publish(clientEvent('ClientProfileUpdated', body, { changes: { email: 'stale@example.com' } }, 4));
    const session = await signIn(studio.slug, newEmail, PASSWORD);
    expect(session.principal).toMatchObject({ email: newEmail, lastName: 'Moved', firstName: 'Cleo' });
    expect(await problemOf(signIn(studio.slug, staged, PASSWORD))).toEqual({
      code: 'invalid-credentials',
    });
  });
});

// ---- password resets ------------------------------------------------------------------------------------

describe('password resets', () => {
  const requestReset = (slug: string, email: string) =>
    request(RequestSubject.requestPasswordReset, { slug, email, address: '198.51.100.1' });
  const completeReset = (token: string, password: string) =>
    request(RequestSubject.completePasswordReset, { token, password });

  it('mails a link, sets the new password once and ends every session', async () => {
    const body = studioBody();
    const { studio, session } = await createStudio(body);
    const other = await signIn(studio.slug, body.owner.email, PASSWORD);

    await expect(requestReset(studio.slug, body.owner.email)).resolves.toEqual({});
    await expect(requestReset(studio.slug, `nobody-${unique()}@example.com`)).resolves.toEqual({});
    const mail = await waitForMail((m) => m.template === 'password-reset' && m.to === body.owner.email);
    expect(mail).toMatchObject({
      studio,
      firstName: 'Olivia',
      key: expect.stringMatching(/^password-reset:/),
    });
    expect(mail.template === 'password-reset' && mail.link).toMatch(
      new RegExp(`^${PUBLIC_URL}/password-resets/[A-Za-z0-9_-]{43}$`),
    );
    expect(mails.some((m) => m.to.startsWith('nobody-'))).toBe(false);
    const token = tokenOf(mail);

    expect(await problemOf(completeReset(token, 'short'))).toMatchObject({ code: 'weak-password' });
    await expect(completeReset(token, 'a brand new passphrase')).resolves.toEqual({});
    for (const t of [session.token, other.token])
      expect(await problemOf(authenticate(t))).toMatchObject({ code: 'unauthenticated' });
    expect(await problemOf(signIn(studio.slug, body.owner.email, PASSWORD))).toEqual({
      code: 'invalid-credentials',
    });
    await expect(signIn(studio.slug, body.owner.email, 'a brand new passphrase')).resolves.toBeDefined();

    expect(await problemOf(completeReset(token, 'yet another passphrase'))).toMatchObject({
      code: 'reset-used',
    });
    expect(await problemOf(completeReset('no-such-token', 'yet another passphrase'))).toMatchObject({
      code: 'reset-not-found',
    });
    await expect(
      waitForMail((m) => m.template === 'password-changed' && m.to === body.owner.email),
    ).resolves.toMatchObject({
      studio,
      firstName: 'Olivia',
    });
  });

  it('refuses an expired link and one replaced by a newer link', async () => {
    const body = studioBody();
    const { studio } = await createStudio(body);
    const isReset = (m: MailRequest) => m.template === 'password-reset' && m.to === body.owner.email;

    await requestReset(studio.slug, body.owner.email);
    const expired = tokenOf(await waitForMail(isReset));
    clock.advance(60 * 60_000 + 1);
    expect(await problemOf(completeReset(expired, 'a brand new passphrase'))).toMatchObject({
      code: 'reset-expired',
    });

    await requestReset(studio.slug, body.owner.email);
    const older = tokenOf(await waitForMail((m) => isReset(m) && tokenOf(m) !== expired));
    clock.advance(60_000); // one reset email a minute
    await requestReset(studio.slug, body.owner.email);
    const newer = tokenOf(await waitForMail((m) => isReset(m) && ![expired, older].includes(tokenOf(m))));
    expect(await problemOf(completeReset(older, 'a brand new passphrase'))).toMatchObject({
      code: 'reset-expired',
    });
    await expect(completeReset(newer, 'a brand new passphrase')).resolves.toEqual({});
  });

  it('mails at most one reset a minute and five an hour per account; past that nothing changes', async () => {
    const body = studioBody();
    const { studio } = await createStudio(body);
    const resetsTo = (to: string) => mails.filter((m) => m.template === 'password-reset' && m.to === to);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

    // Thirty at once: one email, and its link still works.
    await Promise.all(Array.from({ length: 30 }, () => requestReset(studio.slug, body.owner.email)));
    const first = tokenOf(
      await waitForMail((m) => m.template === 'password-reset' && m.to === body.owner.email),
    );
    await settle();
    expect(resetsTo(body.owner.email)).toHaveLength(1);
    await expect(requestReset(studio.slug, body.owner.email)).resolves.toEqual({});

    // One a minute, up to five in the hour.
    for (let minute = 1; minute <= 5; minute++) {
      clock.advance(60_000);
      await requestReset(studio.slug, body.owner.email);
      await requestReset(studio.slug, body.owner.email);
    }
    await settle();
    expect(resetsTo(body.owner.email)).toHaveLength(5);
    // The fifth is the live one; the limit never killed a link.
    const live = tokenOf(resetsTo(body.owner.email).at(-1)!);
    expect(live).not.toBe(first);
    await expect(completeReset(live, 'a brand new passphrase')).resolves.toEqual({});

    // Another account is not held back by this one.
    const other = studioBody();
    const created = await createStudio(other);
    await requestReset(created.studio.slug, other.owner.email);
    await waitForMail((m) => m.template === 'password-reset' && m.to === other.owner.email);
    clock.advance(60 * 60_000);
  });

  it('gives a deactivated client no reset link', async () => {
    const { studio } = await createStudio();
    const body = clientBody(studio.id);
    await accept(body);
    await publish(activated(body, 2));
    await publish(deactivated(body, 3));
    await expect(requestReset(studio.slug, body.email)).resolves.toEqual({});
    await requestReset(studio.slug, studioBody().owner.email);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mails.some((m) => m.to === body.email)).toBe(false);
  });
});
