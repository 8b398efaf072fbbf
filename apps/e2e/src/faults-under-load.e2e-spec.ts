import { aClient, createStudio, type StaffSession } from './harness/builders';
import type { Mail } from './harness/mailbox';
import { privateNats, privatePostgres, type PrivateServer } from './harness/private-servers';
import { type RunningSystem, SERVICES, startSystem } from './harness/system';

/** At least how many clients are added and invited, and how many requests are in flight at once. */
const CLIENTS = 300;
const IN_FLIGHT = 8;

type ClientBody = { id: string; access: string; email: string };

/**
 * At full speed, add+invite requests keep coming while every service but the gateway is killed with -9 in
 * turn (and started again), NATS is restarted, and PostgreSQL is restarted in immediate mode (a crash to it).
 * The load retries what was not answered, as a client would (503, a dropped connection); a retry that finds
 * the email taken means the first attempt was written. At the end every client must be in the index, Invited,
 * with exactly one ClientInvited in its history and exactly one invitation email.
 */
describe('faults under load: nothing lost, nothing doubled (separate processes, private NATS and PostgreSQL)', () => {
  let nats: PrivateServer;
  let postgres: PrivateServer;
  let system: RunningSystem;
  let staff: StaffSession;

  beforeAll(async () => {
    nats = await privateNats();
    postgres = await privatePostgres();
    system = await startSystem('services', {
      natsUrl: nats.url,
      databaseUrl: postgres.url,
      env: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
    });
    staff = await createStudio(system.client);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    await postgres?.stop();
    await nats?.stop();
  });

  it('kill -9 of each service, a NATS restart and an immediate PostgreSQL restart, under add+invite load', async () => {
    const emails: string[] = [];
    let faultsDone = false;
    let retries = 0;
    type Answer = { status: number; body: { code?: string } };
    const post = (email: string): Promise<Answer> =>
      system.api
        .post<{ code?: string }>('/api/v1/clients', aClient({ email, invite: {} }), { token: staff.token })
        .catch((): Answer => ({ status: 0, body: {} }));
    const addAndInvite = async (email: string): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        const answer = await post(email);
        if (answer.status === 201 || (answer.status === 409 && answer.body.code === 'email-taken')) return;
        if (attempt > 300) throw new Error(`add of ${email} never answered: ${answer.status}`);
        retries++;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    // At full speed until every fault has happened, and at least CLIENTS clients.
    const load = Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (!faultsDone || emails.length < CLIENTS) {
          const email = aClient().email;
          emails.push(email);
          await addAndInvite(email);
        }
      }),
    );

    const faults: string[] = [];
    const pause = () => new Promise((resolve) => setTimeout(resolve, 1_500));
    const schedule = (async () => {
      for (const service of SERVICES.filter((name) => name !== 'gateway')) {
        await pause();
        await system.kill(service);
        faults.push(`kill -9 ${service} at ${emails.length}`);
        await system.restart(service);
      }
      await pause();
      await nats.restart();
      faults.push(`NATS restarted at ${emails.length}`);
      await pause();
      await postgres.restart();
      faults.push(`PostgreSQL restarted (immediate) at ${emails.length}`);
      await pause();
      faultsDone = true;
    })();
    await Promise.all([load, schedule]);
    const clients = emails.length;
    console.log(`${clients} clients; faults: ${faults.join('; ')}; ${retries} retried requests`);

    // The index: every client, Invited.
    let lastSeen = '';
    const indexed = await eventually(async () => {
      const all: ClientBody[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await system.api.get<{ items: ClientBody[]; nextCursor: string | null }>(
          `/api/v1/clients${query}`,
          { token: staff.token },
        );
        if (page.status !== 200) return undefined;
        all.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      const invited = all.filter((client) => client.access === 'Invited');
      lastSeen = `${all.length} indexed, ${invited.length} Invited`;
      return invited.length === clients ? all : undefined;
    }, 180_000).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${lastSeen} of ${clients}`);
    });
    expect(indexed.map((client) => client.email).sort()).toEqual([...emails].sort());

    // Exactly one invitation email per client.
    const mails = await eventually(async () => {
      const invitations = (await system.mailbox.all()).filter((mail: Mail) => /invit/i.test(mail.subject));
      return invitations.length >= clients ? invitations : undefined;
    }, 180_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // a late duplicate would show by now
    const perRecipient = new Map<string, number>();
    for (const mail of await system.mailbox.all()) {
      if (/invit/i.test(mail.subject)) perRecipient.set(mail.to, (perRecipient.get(mail.to) ?? 0) + 1);
    }
    expect(mails.length).toBeGreaterThanOrEqual(clients);
    expect([...perRecipient.values()].filter((count) => count !== 1)).toEqual([]);
    expect(perRecipient.size).toBe(clients);

    // Exactly one ClientInvited in each history.
    for (const client of indexed) {
      const history = await system.api.get<{ events: { type: string }[] }>(
        `/api/v1/clients/${client.id}/history`,
        {
          token: staff.token,
        },
      );
      expect([
        client.email,
        history.body.events.filter((event) => event.type === 'ClientInvited').length,
      ]).toEqual([client.email, 1]);
    }
  }, 600_000);
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
