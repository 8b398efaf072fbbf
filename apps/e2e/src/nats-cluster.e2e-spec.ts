import { aClient, createStudio, type StaffSession } from './harness/builders';
import { type NatsCluster, startNatsCluster } from './harness/nats-cluster';
import { type RunningSystem, startSystem } from './harness/system';

/** At least how many clients are added and invited, and how many requests are in flight at once. */
const CLIENTS = 150;
const IN_FLIGHT = 6;

type ClientBody = { id: string; access: string; email: string };

/**
 * Every service on a real three-node NATS cluster (routes between three `nats-server` processes, every stream
 * kept on all three: NATS_STREAM_REPLICAS=3), while add+invite requests keep coming: one node is killed with -9,
 * started again, and once it is back another is killed. Every client must end up in the index, Invited, with
 * one ClientInvited and one email; writes must keep being answered: the longest stall is printed.
 */
describe.each([1, 2])('a three-node NATS cluster under load, %i replica(s) of every service', (replicas) => {
  let cluster: NatsCluster;
  let system: RunningSystem;
  let staff: StaffSession;

  beforeAll(async () => {
    cluster = await startNatsCluster(3);
    system = await startSystem('services', {
      natsUrl: cluster.url,
      replicas,
      env: {
        NATS_STREAM_REPLICAS: '3',
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000',
      },
    });
    staff = await createStudio(system.client);
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await cluster?.stop();
  });

  it('kill -9 of one node, then of another once the first is back: nothing lost, nothing doubled, writes answered', async () => {
    const emails: string[] = [];
    let faultsDone = false;
    let retries = 0;
    let longestWrite = 0;
    let lastAnswer = Date.now();
    let longestGap = 0;
    const answered = () => {
      const now = Date.now();
      longestGap = Math.max(longestGap, now - lastAnswer);
      lastAnswer = now;
    };
    const addAndInvite = async (email: string): Promise<void> => {
      const started = Date.now();
      for (let attempt = 1; ; attempt++) {
        const answer = await system.api
          .post<{ code?: string }>('/api/v1/clients', aClient({ email, invite: {} }), { token: staff.token })
          .catch(() => ({ status: 0, body: { code: undefined } }));
        // A retry that finds the email taken: the first attempt was written.
        if (answer.status === 201 || (answer.status === 409 && answer.body.code === 'email-taken')) {
          answered();
          longestWrite = Math.max(longestWrite, Date.now() - started);
          return;
        }
        if (attempt > 300) throw new Error(`add of ${email} never answered: ${answer.status}`);
        retries++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
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
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const schedule = (async () => {
      for (const node of [0, 1]) {
        await pause(2_000);
        await cluster.kill(node);
        faults.push(`kill -9 of node ${node + 1} at ${emails.length}`);
        await pause(3_000);
        await cluster.restart(node);
        faults.push(`node ${node + 1} back at ${emails.length}`);
      }
      await pause(2_000);
      faultsDone = true;
    })();
    await Promise.all([load, schedule]);
    const clients = emails.length;
    console.log(
      `${replicas} replica(s): ${clients} clients; ${faults.join('; ')}; ${retries} retried requests; ` +
        `longest write stall ${longestGap} ms (no write answered), longest single write ${longestWrite} ms`,
    );

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
      return all.filter((client) => client.access === 'Invited').length === clients ? all : undefined;
    }, 120_000);
    expect(indexed.map((client) => client.email).sort()).toEqual([...emails].sort());

    await eventually(async () => {
      const invitations = (await system.mailbox.all()).filter((mail) => /invit/i.test(mail.subject));
      return new Set(invitations.map((mail) => mail.to)).size >= clients ? true : undefined;
    }, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // a late duplicate would show by now
    const perRecipient = new Map<string, number>();
    for (const mail of await system.mailbox.all())
      if (/invit/i.test(mail.subject)) perRecipient.set(mail.to, (perRecipient.get(mail.to) ?? 0) + 1);
    expect([...perRecipient.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect(perRecipient.size).toBe(clients);

    for (const client of indexed) {
      const history = await system.api.get<{ events: { type: string }[] }>(
        `/api/v1/clients/${client.id}/history`,
        { token: staff.token },
      );
      expect([client.email, history.body.events.filter((e) => e.type === 'ClientInvited').length]).toEqual([
        client.email,
        1,
      ]);
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
