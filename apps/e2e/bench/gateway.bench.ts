/**
 * `npm run bench:gateway`: the system started as a user would (every service its own process on the local NATS
 * and PostgreSQL, with a fresh database and bus prefix; then `npm start`'s embedded mode), and autocannon in one
 * run against `/me`, add, add+invite and the client list, each for BENCH_SECONDS (default 10) with
 * BENCH_CONNECTIONS (default 32; 16 embedded). Rate limits are raised out of the way and logs kept to warnings.
 * Each phase also prints the CPU each process (the services, PostgreSQL, NATS, the load generator with the SMTP
 * sink) spent per answered request, from /proc: the profile behind the ratios, on a machine whose cores the load
 * saturates. CPU_PROFILE_DIR=<dir> has every service also write a V8 CPU profile there.
 * The last line of each mode is its summary, as ratios to `/me` measured in the same run.
 */
import { createApiClient } from '@studio/api-client';
import { createStudio } from '../src/harness/builders';
import { type Mode, startSystem } from '../src/harness/system';
import { aBenchClient, compile, drained, load, type LoadResult, round } from './load';
import { cpuSince, usageByProcess } from './process-usage';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MODES: readonly Mode[] = (process.env.BENCH_MODES?.split(',') as Mode[] | undefined) ?? [
  'services',
  'embedded',
];

async function measure(mode: Mode): Promise<string> {
  const connections = Number(process.env.BENCH_CONNECTIONS ?? (mode === 'embedded' ? 16 : 32));
  const system = await startSystem(mode, {
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
    let emails = 0;
    /**
     * One phase, then until the pipeline has done what it left queued (the index, the invitations' emails):
     * the next phase measures itself, and the CPU each process spent, per answered request, is the phase's.
     */
    const run = async (label: string, options: Parameters<typeof load>[0]): Promise<LoadResult> => {
      const before = usageByProcess();
      const result = await load(options);
      if (label === 'add+invite') emails += result.answered;
      const mailbox = system.mailbox;
      const drainMs = await drained({
        url: `${base}/api/v1/clients?limit=1`,
        token: staff.token,
        mailbox,
        emails,
      });
      const spent = cpuSince(before, Math.max(result.answered, 1));
      const total = spent.reduce((sum, [, ms]) => sum + ms, 0);
      console.log(
        `  ${mode} ${label}: ${round(result.rate)}/s, p50 ${result.p50} ms, p99 ${result.p99} ms` +
          (result.errors + result.non2xx > 0 ? `, ${result.errors} errors, ${result.non2xx} non-2xx` : '') +
          `; its pipeline done ${drainMs} ms after` +
          `\n    CPU ms a request ${round(total, 2)}: ` +
          spent.map(([name, ms]) => `${name} ${round(ms, 2)}`).join(', '),
      );
      return result;
    };
    const common = { connections, seconds: SECONDS, token: staff.token };
    // A short warm-up, so the first figure is not the JIT's.
    await load({ ...common, seconds: 2, url: `${base}/api/v1/me` });
    const me = await run('me', { ...common, url: `${base}/api/v1/me` });
    const add = await run('add', {
      ...common,
      url: `${base}/api/v1/clients`,
      method: 'POST',
      body: () => aBenchClient(false),
    });
    const invite = await run('add+invite', {
      ...common,
      url: `${base}/api/v1/clients`,
      method: 'POST',
      body: () => aBenchClient(true),
    });
    const list = await run('list', { ...common, url: `${base}/api/v1/clients?limit=25` });
    const ratio = (result: LoadResult) => round(result.rate / me.rate, 2);
    return (
      `gateway ${mode}: add ${round(add.rate)}/s p99 ${add.p99} ms, add+invite ${round(invite.rate)}/s p99 ${invite.p99} ms, ` +
      `list ${round(list.rate)}/s p99 ${list.p99} ms, me ${round(me.rate)}/s; ` +
      `add/me ${ratio(add)}, invite/me ${ratio(invite)}, list/me ${ratio(list)}`
    );
  } finally {
    await system.stop();
  }
}

async function main(): Promise<void> {
  compile();
  const lines: string[] = [];
  for (const mode of MODES) lines.push(await measure(mode));
  for (const line of lines) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
