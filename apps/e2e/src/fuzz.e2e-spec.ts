import fc from 'fast-check';
import { aClient, createStudio } from './harness/builders';
import { inParallel } from './harness/in-parallel';
import { linkToken, waitForMail } from './harness/mailbox';
import { type RunningSystem, startSystem } from './harness/system';
import {
  type FuzzRequest,
  type FuzzWorld,
  type OpenApi,
  operationsOf,
  requestsFor,
} from './fuzz/request.arbitrary';

/*
 * Fuzz over the OpenAPI document: every operation with generated valid and broken paths, queries, headers
 * and bodies (NUL, lone surrogates, deep nesting, huge numbers, wrong types), against the running system.
 * Nothing may answer 5xx or drop the connection. Seeded: FUZZ_SEED=<n> repeats a run, FUZZ_RUNS=<n> sizes it.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000);
const CONCURRENCY = 4;

let system: RunningSystem;
let world: FuzzWorld;

beforeAll(async () => {
  system = await startSystem('embedded', {
    // The fuzz is one address sending thousands of requests: the flood guards would answer most of them.
    env: {
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000000',
      RATE_LIMIT_SIGN_UPS_PER_HOUR: '10000000',
      STUDIO_DAILY_EMAILS: '10000000',
      STUDIO_DAILY_EMAILS_UNVERIFIED: '10000000',
    },
  });
  const staff = await createStudio(system.client);
  const active = await staff.client.addClient({ body: aClient({ invite: {} }) });
  const invited = await staff.client.addClient({ body: aClient({ invite: {} }) });
  const plain = await staff.client.addClient({ body: aClient() });
  const linkFor = async (email: string) =>
    linkToken(
      await waitForMail(system.mailbox, (m) => m.to.includes(email) && m.text.includes('/invitations/')),
      'invitations',
    );
  const used = await linkFor(active.email);
  const accepted = await system.client.acceptInvitation({
    params: { token: used },
    body: { password: 'a long enough secret' },
  });
  world = {
    slug: staff.slug,
    staffEmail: staff.email,
    staffToken: staff.token,
    clientToken: accepted.token,
    clientIds: [active.id, invited.id, plain.id],
    tokens: [used, await linkFor(invited.email), 'not-a-token', 'A'.repeat(43)],
  };
});

afterAll(() => system.stop());

interface Outcome {
  readonly request: FuzzRequest;
  readonly status: number | string;
}

/**
 * One request; one without an answer is sent once more, as a keep-alive connection the server closes while
 * the client reuses it loses a request now and then. A request that breaks the server fails both times.
 */
async function send(request: FuzzRequest): Promise<Outcome> {
  const outcome = await sendOnce(request);
  return typeof outcome.status === 'number' ? outcome : sendOnce(request);
}

async function sendOnce(request: FuzzRequest): Promise<Outcome> {
  try {
    const response = await fetch(`${system.api.baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: 'manual',
    });
    await response.arrayBuffer();
    return { request, status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { request, status: `no answer: ${cause?.code ?? cause?.message ?? String(error)}` };
  }
}

const brief = ({ request, status }: Outcome) =>
  `${String(status)} ${request.method} ${request.path.slice(0, 200)} ${JSON.stringify(request.headers).slice(0, 200)} ${(request.body ?? '').slice(0, 200)}`;

it(`answers ${RUNS} generated requests without a 5xx`, async () => {
  const document = (await system.api.get<OpenApi>('/api/docs.json')).body;
  const operations = operationsOf(document);
  const requests = fc.sample(
    fc.oneof(...operations.map((operation) => requestsFor(operation, document, world))),
    {
      seed: SEED,
      numRuns: RUNS,
    },
  );

  const outcomes: Outcome[] = await inParallel(requests, CONCURRENCY, send);

  const failures = outcomes.filter(({ status }) => typeof status !== 'number' || status >= 500);
  const byStatus = outcomes.reduce<Record<string, number>>((counts, { status }) => {
    const key = typeof status === 'number' ? String(status) : 'no answer';
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});
  if (failures.length > 0)
    throw new Error(
      `${failures.length} of ${outcomes.length} requests failed (FUZZ_SEED=${SEED} repeats the run; statuses ${JSON.stringify(byStatus)}):\n` +
        failures.slice(0, 20).map(brief).join('\n'),
    );
  expect(outcomes.length).toBeGreaterThanOrEqual(5_000);
  // Still whole afterwards.
  expect((await system.api.get('/health/ready')).status).toBe(200);
});
