/**
 * `npm run bench:sizing`: the services as separate processes on the local NATS and PostgreSQL (as the e2e suite
 * starts them), under a burst of "add a client and invite them" writes. Prints the write rate the gateway
 * answered, how long the emails took to follow, and per service the CPU it used and its peak memory: the
 * figures behind docs/operations.md, "Sizing". WRITES (default 400) and CONCURRENCY (default 8) change the load.
 */
import { SERVICE_NAMES } from '@studio/contracts';
/* eslint-disable @nx/enforce-module-boundaries -- the e2e harness is app code with no import alias. */
import { aClient, createStudio } from '../../../apps/e2e/src/harness/builders';
import { startSystem, stopEverything } from '../../../apps/e2e/src/harness/system';
import { cpuSince, usageByProcess } from '../../../apps/e2e/bench/process-usage';
/* eslint-enable @nx/enforce-module-boundaries */

const WRITES = Number(process.env.WRITES ?? 400);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

async function main(): Promise<void> {
  // The studio's daily email quota (100 before its owner verifies) would stop the emails a burst causes.
  const system = await startSystem('services', {
    env: { LOG_LEVEL: 'warn', STUDIO_DAILY_EMAILS: '100000000', STUDIO_DAILY_EMAILS_UNVERIFIED: '100000000' },
  });
  try {
    const staff = await createStudio(system.client);
    const invited = new Set<string>();
    const add = async () => {
      const started = performance.now();
      const client = aClient({ invite: {} });
      invited.add(client.email);
      const answer = await system.api.post('/api/v1/clients', client, { token: staff.token });
      if (answer.status !== 201) throw new Error(`add+invite answered ${answer.status}`);
      return performance.now() - started;
    };
    for (let i = 0; i < 20; i++) await add(); // warm-up: JIT, connection pools, consumers

    const before = usageByProcess();
    const latencies: number[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < WRITES) latencies.push(await add());
      }),
    );
    const answeredSeconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `${WRITES} add+invite writes, ${CONCURRENCY} at a time, services as processes on this machine`,
    );
    console.log(
      `  answered: ${(WRITES / answeredSeconds).toFixed(0)} writes/s ` +
        `(p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms)`,
    );
    const mailed = async () =>
      new Set((await system.mailbox.all()).map((mail) => mail.to).filter((to) => invited.has(to))).size;
    let lastReport = performance.now();
    while ((await mailed()) < invited.size) {
      if (performance.now() - lastReport > 10_000) {
        console.log(
          `  … ${await mailed()} of ${invited.size} emails after ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
        lastReport = performance.now();
      }
      if (performance.now() - started > 600_000)
        throw new Error('the emails did not all arrive in 10 minutes');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const mailedSeconds = (performance.now() - started) / 1000;
    console.log(
      `  every invitation email sent after ${mailedSeconds.toFixed(1)} s (${(WRITES / mailedSeconds).toFixed(1)} emails/s end to end)`,
    );
    console.log('  service          CPU s   CPU ms/write  cores busy  RSS MB  peak RSS MB');
    const spent = new Map(cpuSince(before));
    const after = [...usageByProcess().values()];
    for (const name of [...SERVICE_NAMES].sort()) {
      const processes = after.filter((usage) => usage.group === name);
      if (processes.length === 0) continue;
      const cpu = (spent.get(name) ?? 0) / 1000;
      const rssMb = processes.reduce((sum, usage) => sum + usage.rssMb, 0);
      const peakRssMb = Math.max(...processes.map((usage) => usage.peakRssMb));
      console.log(
        `  ${name.padEnd(15)} ${cpu.toFixed(1).padStart(6)} ${((cpu * 1000) / WRITES).toFixed(1).padStart(13)}` +
          ` ${(cpu / mailedSeconds).toFixed(2).padStart(11)} ${rssMb.toFixed(0).padStart(7)}` +
          ` ${peakRssMb.toFixed(0).padStart(12)}`,
      );
    }
  } finally {
    await system.stop();
    await stopEverything();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
