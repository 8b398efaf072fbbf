/**
 * `npm run bench:cpu`: where the CPU of a request goes. Starts every service as its own process (as
 * bench:gateway does), runs autocannon against `/me`, add, add+invite and the list in turn, and prints for each
 * the CPU time (user + system, from /proc) that each process spent per answered request: the services, NATS,
 * PostgreSQL (every backend) and the load generator itself. On a machine whose cores are saturated, throughput is
 * the sum of these figures; the ratios of bench:gateway follow from them.
 */
import { createApiClient } from '@studio/api-client';
import { createStudio } from '../src/harness/builders';
import { startSystem } from '../src/harness/system';
import { aBenchClient, compile, drained, load, round } from './load';
import { cpuByProcess, cpuSince } from './process-cpu';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
async function main(): Promise<void> {
  compile();
  const system = await startSystem('services', {
    env: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_SENSITIVE_PER_MINUTE: '100000000',
      STUDIO_DAILY_EMAILS: '100000000',
      STUDIO_DAILY_EMAILS_UNVERIFIED: '100000000',
    },
  });
  try {
    const staff = await createStudio(createApiClient({ baseUrl: system.api.baseUrl }));
    const base = system.api.baseUrl;
    const common = { connections: 32, seconds: SECONDS, token: staff.token };
    await load({ ...common, seconds: 2, url: `${base}/api/v1/me` });
    const phases = [
      ['me', { ...common, url: `${base}/api/v1/me` }],
      ['add', { ...common, url: `${base}/api/v1/clients`, method: 'POST', body: () => aBenchClient(false) }],
      [
        'add+invite',
        { ...common, url: `${base}/api/v1/clients`, method: 'POST', body: () => aBenchClient(true) },
      ],
      ['list', { ...common, url: `${base}/api/v1/clients?limit=25` }],
    ] as const;
    let emails = 0;
    for (const [label, options] of phases) {
      const before = cpuByProcess();
      const result = await load(options);
      if (label === 'add+invite') emails += result.answered;
      // What the phase left queued (the pipeline behind the writes) is its cost too.
      const mailbox = system.mailbox;
      await drained({ url: `${base}/api/v1/clients?limit=1`, token: staff.token, mailbox, emails });
      const spent = cpuSince(before, result.answered);
      const total = spent.reduce((sum, [, ms]) => sum + ms, 0);
      console.log(
        `cpu ${label} (${round(result.rate)}/s): ${round(total, 2)} ms a request; ` +
          spent.map(([name, ms]) => `${name} ${round(ms, 2)}`).join(', '),
      );
    }
  } finally {
    await system.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
