import { randomBytes } from 'node:crypto';
import type { ClientDto, PackagePurchase } from '@studio/contracts';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { aClient, createStudio, type StaffSession } from './harness/builders';
import { aPurchase, CHECKOUT_SECRET, postPurchase, signature } from './harness/checkout';
import { linkToken, type Mail, waitForMail } from './harness/mailbox';
import { runOps } from './harness/ops-cli';
import { type Mode, type RunningSystem, startSystem } from './harness/system';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The client of the studio with this email once the index shows it as `access` (a purchase is recorded
 * asynchronously, and the index applies a decision's events one by one).
 */
async function clientByEmail(
  staff: StaffSession,
  email: string,
  access?: ClientDto['access'],
  timeoutMs = 20_000,
): Promise<ClientDto> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const page = await staff.client.listClients({ query: { q: email } });
    const found = page.items.find((client) => client.email === email);
    if (found && (access === undefined || found.access === access)) return found;
    if (Date.now() > until) throw new Error(`no client ${email} appeared`);
    await sleep(100);
  }
}

const purchasesOf = async (staff: StaffSession, clientId: string) =>
  (await staff.client.getClientHistory({ params: { id: clientId } })).events.filter(
    (event) => event.type === 'ClientPurchaseRecorded',
  );

/** Waits until the client's history holds `count` purchases, then a little longer to catch a double. */
async function settledPurchases(staff: StaffSession, clientId: string, count: number) {
  const until = Date.now() + 15_000;
  while ((await purchasesOf(staff, clientId)).length < count && Date.now() < until) await sleep(100);
  await sleep(500);
  return purchasesOf(staff, clientId);
}

const welcomeMails = async (system: RunningSystem, email: string) =>
  (await system.mailbox.all()).filter(
    (mail) => mail.to.includes(email) && /create your password/i.test(mail.subject),
  );

describe.each<Mode>(['services', 'embedded'])('package purchases, end to end (%s)', (mode) => {
  let system: RunningSystem;
  let staff: StaffSession;

  beforeAll(async () => {
    system = await startSystem(mode, { env: { CHECKOUT_WEBHOOK_SECRET: CHECKOUT_SECRET } });
    staff = await createStudio(system.client);
  });
  afterAll(() => system?.stop());

  const welcomeFor = (purchase: PackagePurchase) =>
    waitForMail(
      system.mailbox,
      (mail: Mail) => mail.to.includes(purchase.buyer.email) && /create your password/i.test(mail.subject),
    );

  it('a new buyer by webhook: 202, a client from "Package purchase", a welcome naming package and studio; the link makes them Active', async () => {
    const purchase = aPurchase(staff.studioId, { package: { id: 'pkg-1', name: 'Kitchen Makeover' } });
    expect((await postPurchase(system.api, purchase)).status).toBe(202);

    const client = await clientByEmail(staff, purchase.buyer.email, 'Invited');
    expect(client).toMatchObject({ source: 'Package purchase', firstName: 'Bea' });
    const mail = await welcomeFor(purchase);
    expect(mail.subject).toContain('Kitchen Makeover');
    expect(mail.text).toContain('Kitchen Makeover');
    expect(mail.text).toMatch(/Studio [0-9a-f]{8}/);

    const token = linkToken(mail, 'invitations');
    const session = await system.client.acceptInvitation({
      params: { token },
      body: { password: 'a long enough secret' },
    });
    expect(session).toMatchObject({
      redirectTo: '/dashboard',
      principal: { kind: 'client', email: purchase.buyer.email },
    });
    expect((await staff.client.getClient({ params: { id: client.id } })).access).toBe('Active');

    // The designer puts the buyer in a project: signed in, they see it on their dashboard.
    const project = await staff.client.createProject({ body: { name: 'Kitchen, north wall' } });
    await staff.client.answer('addClientToProject', { params: { id: project.id, clientId: client.id } });
    const signedIn = await system.client.signIn({
      params: { slug: staff.slug },
      body: { email: purchase.buyer.email, password: 'a long enough secret' },
    });
    expect(await system.client.withToken(signedIn.token).getMe()).toMatchObject({
      principal: { kind: 'client', email: purchase.buyer.email },
      projects: [{ id: project.id, name: 'Kitchen, north wall' }],
    });
  });

  it('the same order twice (a replayed webhook) records once and emails once', async () => {
    const purchase = aPurchase(staff.studioId);
    expect((await postPurchase(system.api, purchase)).status).toBe(202);
    expect((await postPurchase(system.api, purchase)).status).toBe(202);
    const client = await clientByEmail(staff, purchase.buyer.email);
    expect(await settledPurchases(staff, client.id, 1)).toHaveLength(1);
    await welcomeFor(purchase);
    await sleep(500);
    expect(await welcomeMails(system, purchase.buyer.email)).toHaveLength(1);
  });

  it('refuses a bad or missing signature with 401 bad-signature and stores nothing', async () => {
    const purchase = aPurchase(staff.studioId);
    const wrongSecret = await postPurchase(system.api, purchase, (body) => signature(body, 'not the secret'));
    const missing = await postPurchase(system.api, purchase, () => undefined);
    const tampered = await postPurchase(system.api, purchase, (body) =>
      signature(body.replace('Bea', 'Eve')),
    );
    for (const answer of [wrongSecret, missing, tampered]) {
      expect([answer.status, answer.body.code]).toEqual([401, 'bad-signature']);
    }
    await sleep(500);
    const page = await staff.client.listClients({ query: { q: purchase.buyer.email } });
    expect(page.items).toHaveLength(0);
  });

  it('refuses an invalid purchase with 400 validation-failed naming the field', async () => {
    const purchase = {
      ...aPurchase(staff.studioId),
      buyer: { firstName: 'Bea', lastName: 'B', email: 'not-an-email' },
    };
    const answer = await postPurchase(system.api, purchase);
    expect([answer.status, answer.body.code]).toEqual([400, 'validation-failed']);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'buyer.email' })]),
    );
  });

  it('an existing client buying: Active and Invited get no new link, Inactive gets the welcome', async () => {
    const inactive = await staff.client.addClient({ body: aClient() });
    const invited = await staff.client.addClient({ body: aClient({ invite: {} }) });
    const active = await staff.client.addClient({ body: aClient({ invite: {} }) });
    const activeLink = await waitForMail(system.mailbox, (mail) => mail.to.includes(active.email));
    await system.client.acceptInvitation({
      params: { token: linkToken(activeLink, 'invitations') },
      body: { password: 'a long enough secret' },
    });
    const buy = (client: ClientDto) =>
      postPurchase(
        system.api,
        aPurchase(staff.studioId, {
          buyer: { firstName: 'X', lastName: 'Y', email: client.email.toUpperCase() },
        }),
      );
    for (const client of [inactive, invited, active]) expect((await buy(client)).status).toBe(202);

    for (const client of [inactive, invited, active])
      expect(await settledPurchases(staff, client.id, 1)).toHaveLength(1);
    expect((await staff.client.getClient({ params: { id: inactive.id } })).access).toBe('Invited');
    expect((await staff.client.getClient({ params: { id: invited.id } })).invitation?.sentAt).toBe(
      invited.invitation?.sentAt,
    );
    expect((await staff.client.getClient({ params: { id: active.id } })).access).toBe('Active');
    await waitForMail(
      system.mailbox,
      (mail) => mail.to.includes(inactive.email) && /create your password/i.test(mail.subject),
    );
    expect(await welcomeMails(system, invited.email)).toHaveLength(0);
    expect(await welcomeMails(system, active.email)).toHaveLength(0);
    // The profile a designer typed is kept: the buyer's name on the order does not overwrite it.
    expect((await staff.client.getClient({ params: { id: inactive.id } })).firstName).toBe(
      inactive.firstName,
    );
  });

  it('a purchase for a studio that does not exist is accepted by the webhook and creates nothing', async () => {
    const purchase = aPurchase(`no-such-studio-${randomBytes(3).toString('hex')}`);
    expect((await postPurchase(system.api, purchase)).status).toBe(202);
    await sleep(1_000);
    expect((await staff.client.listClients({ query: { q: purchase.buyer.email } })).items).toHaveLength(0);
  });
});

describe('package purchases on the JetStream subject (services)', () => {
  const prefix = `e2e_${randomBytes(4).toString('hex')}`;
  let system: RunningSystem;
  let staff: StaffSession;
  const nats = connect({ servers: NATS_URL });
  const publish = async (subject: string, payload: unknown) => {
    const js = jetstream(await nats);
    await js.publish(subject, JSON.stringify(payload));
  };
  /** Dead letters of the checkout consumer, as the operator's console lists them. */
  const deadLetters = async (): Promise<{ data: string; error: string }[]> => {
    const listed = await runOps<{ consumer: string; error: string }[]>(system, [
      'dead-letters',
      'list',
      '--json',
    ]);
    return (listed.json ?? [])
      .filter((letter) => letter.consumer === 'client-registry.checkout_package_purchased')
      .map((letter) => ({ data: letter.error, error: letter.error }));
  };

  beforeAll(async () => {
    // The default subject, exactly `checkout.package.purchased`: what the checkout publishes on.
    system = await startSystem('services', {
      env: { BUS_PREFIX: prefix, CHECKOUT_WEBHOOK_SECRET: CHECKOUT_SECRET },
    });
    staff = await createStudio(system.client);
  });
  afterAll(async () => {
    await system?.stop();
    await (await nats).close();
  });

  it('records a purchase published on checkout.package.purchased, with no prefix', async () => {
    const purchase = aPurchase(staff.studioId);
    await publish('checkout.package.purchased', purchase);
    const client = await clientByEmail(staff, purchase.buyer.email, 'Invited');
    expect(client).toMatchObject({ source: 'Package purchase' });
  });

  it('the same order by both channels records once', async () => {
    const purchase = aPurchase(staff.studioId);
    await publish('checkout.package.purchased', purchase);
    expect((await postPurchase(system.api, purchase)).status).toBe(202);
    const client = await clientByEmail(staff, purchase.buyer.email);
    expect(await settledPurchases(staff, client.id, 1)).toHaveLength(1);
  });

  it('sends an unknown studio and an invalid payload to the dead letters at once, with the reason', async () => {
    const unknown = aPurchase(`no-such-studio-${randomBytes(3).toString('hex')}`);
    await publish('checkout.package.purchased', unknown);
    // The checkout's stream outlives any one deployment, and a new consumer reads it from the start: an order id
    // of this run's own tells its dead letter from an earlier run's.
    const broken = `broken-${randomBytes(4).toString('hex')}`;
    await publish('checkout.package.purchased', { orderId: broken, studioId: staff.studioId });
    const until = Date.now() + 10_000;
    let letters = await deadLetters();
    const mine = () => letters.filter((l) => l.data.includes(unknown.orderId) || l.data.includes(broken));
    while (mine().length < 2 && Date.now() < until) {
      await sleep(200);
      letters = await deadLetters();
    }
    const reasons = mine().map((letter) => letter.error);
    expect(reasons).toHaveLength(2);
    expect(reasons).toContainEqual(expect.stringMatching(/^invalid purchase broken-[0-9a-f]+: .*buyer/));
    expect(reasons).toContainEqual(expect.stringContaining(`no studio ${unknown.studioId}`));
  });

  it('loses and doubles no purchase while client-registry is killed and restarted', async () => {
    const purchases = Array.from({ length: 24 }, () => aPurchase(staff.studioId));
    const sending = (async () => {
      for (const purchase of purchases) {
        await publish('checkout.package.purchased', purchase);
        await sleep(50);
      }
    })();
    await sleep(300);
    await system.kill('client-registry');
    await sleep(500);
    await system.restart('client-registry');
    await sending;
    const emails = new Set(purchases.map((p) => p.buyer.email));
    const recorded = async () =>
      (await staff.client.listClients({ query: { source: 'Package purchase', limit: 100 } })).items.filter(
        (client) => emails.has(client.email),
      );
    // What the killed consumer held comes back after JetStream's ack wait (15 s): wait well past it.
    const until = Date.now() + 60_000;
    while ((await recorded()).length < purchases.length && Date.now() < until) await sleep(250);
    await sleep(1_000);
    const clients = await recorded();
    expect(clients).toHaveLength(purchases.length);
    const counts = await Promise.all(
      clients.map(async (client) => (await purchasesOf(staff, client.id)).length),
    );
    expect(counts).toEqual(purchases.map(() => 1));
  });
});
