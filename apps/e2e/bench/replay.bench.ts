/**
 * `npm run bench:replay`: appends BENCH_EVENTS client events (default 200,000: ClientAdded, and ClientInvited for
 * two clients in three) to a fresh database, starts the system as separate processes on it, and rebuilds the
 * client index from position 0 over the bus, as `npm run ops -- replay client-index` does. Prints the rebuild's rate.
 */
import { randomBytes } from 'node:crypto';
import { type ClientIndexRebuildStatus, RequestSubject } from '@studio/contracts';
import { NatsRequester } from '@studio/messaging';
import { freshDatabase } from '@studio/testing';
import { startSystem } from '../src/harness/system';
import { compile } from './load';
import { cpuSince, type UsageSnapshot, usageByProcess } from './process-usage';
import { publishFromHead, seedClients } from './seed';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Clients that make about `events` events (two in three are invited: 5 events every 3 clients). */
export const clientsFor = (events: number): number => Math.round((events * 3) / 5);

export async function rebuildIndex(prefix: string): Promise<ClientIndexRebuildStatus> {
  const bus = new NatsRequester({ url: NATS_URL }, prefix, 60_000);
  try {
    const started = await bus.request<ClientIndexRebuildStatus>(RequestSubject.rebuildClientIndex, {
      pageSize: 1000,
    });
    for (;;) {
      const status = await bus.request<ClientIndexRebuildStatus>(RequestSubject.clientIndexRebuildStatus, {
        rebuildId: started.rebuildId,
      });
      if (status.state !== 'running') return status;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await bus.close();
  }
}

function cpuReport(before: UsageSnapshot): string {
  return cpuSince(before)
    .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
}

async function main(): Promise<void> {
  compile();
  const database = await freshDatabase('bench_replay');
  const prefix = `bench_${randomBytes(4).toString('hex')}`;
  try {
    const seeded = Date.now();
    const events = await seedClients(database.url, `studio-${prefix}`, clientsFor(EVENTS));
    console.log(`  seeded ${events} events in ${Date.now() - seeded} ms`);
    await publishFromHead(database.url);
    const system = await startSystem('services', {
      databaseUrl: database.url,
      env: { BUS_PREFIX: prefix, LOG_LEVEL: 'warn' },
    });
    try {
      const before = usageByProcess();
      const status = await rebuildIndex(prefix);
      if (process.env.BENCH_CPU) console.log(cpuReport(before));
      if (status.state !== 'succeeded' || !status.result)
        throw new Error(`rebuild ${status.state}: ${status.error}`);
      const { result } = status;
      console.log(
        `replay: rebuilt the client index from position 0: ${result.events} events, ${result.clients} clients in ` +
          `${result.durationMs} ms = ${result.eventsPerSecond} events/s (target ≥ 20,000)`,
      );
    } finally {
      await system.stop();
    }
  } finally {
    await database.drop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
