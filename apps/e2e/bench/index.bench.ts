/**
 * `npm run bench:index`: 100,000 clients (BENCH_CLIENTS) in one studio, put in the client index by a rebuild,
 * then the projector asked over the bus, four requests in flight, for BENCH_SECONDS (default 8) each: the first
 * page of the list, a name prefix search (`q`), and a filtered list (access, type and tag). Every answer carries
 * the tabs' counts. Prints p50 and p99 as the projector answers them (no gateway in between).
 */
import { randomBytes } from 'node:crypto';
import { type ClientRecordPage, type ListClientsBody, RequestSubject } from '@studio/contracts';
import { NatsRequester } from '@studio/messaging';
import { freshDatabase } from '@studio/testing';
import { startSystem } from '../src/harness/system';
import { compile } from './load';
import { rebuildIndex } from './replay.bench';
import { publishFromHead, seedClients } from './seed';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PREFIXES = ['ana', 'sil', 'cost', 'mar', 'pe', 'go', 'ri', 'vera', 'joao', 'al'];

interface Figures {
  readonly p50: number;
  readonly p99: number;
  readonly rate: number;
}

async function measure(
  bus: NatsRequester,
  label: string,
  query: (i: number) => Omit<ListClientsBody, 'studioId'>,
  studioId: string,
): Promise<Figures> {
  const latencies: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < until) {
        const started = performance.now();
        const page = await bus.request<ClientRecordPage>(RequestSubject.listClients, {
          studioId,
          ...query(i++),
        });
        latencies.push(performance.now() - started);
        if (page.counts.Inactive + page.counts.Invited + page.counts.Active !== CLIENTS)
          throw new Error(`${label}: the counts do not add up to ${CLIENTS}`);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const figures = { p50: at(0.5), p99: at(0.99), rate: latencies.length / SECONDS };
  console.log(
    `  ${label}: p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, ${figures.rate.toFixed(0)}/s`,
  );
  return figures;
}

async function main(): Promise<void> {
  compile();
  const database = await freshDatabase('bench_index');
  const prefix = `bench_${randomBytes(4).toString('hex')}`;
  const studioId = `studio-${prefix}`;
  try {
    await seedClients(database.url, studioId, CLIENTS);
    await publishFromHead(database.url);
    const system = await startSystem('services', {
      databaseUrl: database.url,
      env: { BUS_PREFIX: prefix, LOG_LEVEL: 'warn' },
    });
    const bus = new NatsRequester({ url: NATS_URL }, prefix, 30_000);
    try {
      const built = await rebuildIndex(prefix);
      if (built.state !== 'succeeded') throw new Error(`the index was not built: ${built.error}`);
      const base = { sort: 'lastName', limit: 25 } as const;
      // Warm-up: the first queries load the table into the buffer cache.
      await measure(bus, 'warm-up', () => base, studioId);
      const list = await measure(bus, 'list', () => base, studioId);
      const search = await measure(
        bus,
        'search',
        (i) => ({ ...base, q: PREFIXES[i % PREFIXES.length] }),
        studioId,
      );
      const filtered = await measure(
        bus,
        'filtered',
        (i) => ({ ...base, access: 'Invited', type: i % 2 ? 'Residential' : 'Commercial', tag: 'vip' }),
        studioId,
      );
      console.log(
        `index (${CLIENTS} clients in one studio, at the projector): list p50 ${list.p50.toFixed(1)} / p99 ` +
          `${list.p99.toFixed(1)} ms, search p50 ${search.p50.toFixed(1)} / p99 ${search.p99.toFixed(1)} ms, ` +
          `filtered p50 ${filtered.p50.toFixed(1)} / p99 ${filtered.p99.toFixed(1)} ms (target p99 ≤ 20 ms)`,
      );
    } finally {
      await bus.close();
      await system.stop();
    }
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${database.url}`);
    else await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
