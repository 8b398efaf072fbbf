/**
 * `npm run bench:pipeline`: how far the client index trails the writes. Adds run at full speed (32 at once)
 * for BENCH_SECONDS (default 30) against the system as separate processes; meanwhile, one write at a time is
 * sampled: the time from its 201 to the index listing it, read by another session (so read-your-writes does not
 * wait for it). Then the time for the index to take in everything still queued when the adds stop.
 */
import { createApiClient } from '@studio/api-client';
import { createStudio } from '../src/harness/builders';
import { type Mode, startSystem } from '../src/harness/system';
import { aBenchClient, compile } from './load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const MODE = (process.env.BENCH_MODE ?? 'services') as Mode;

async function main(): Promise<void> {
  compile();
  const system = await startSystem(MODE, {
    env: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_SENSITIVE_PER_MINUTE: '100000000',
      STUDIO_DAILY_EMAILS: '100000000',
      STUDIO_DAILY_EMAILS_UNVERIFIED: '100000000',
    },
  });
  try {
    const base = system.api.baseUrl;
    const staff = await createStudio(createApiClient({ baseUrl: base }));
    // A second session of the same designer: its reads do not wait for the first one's writes.
    const signIn = await fetch(`${base}/api/v1/studios/${staff.slug}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: staff.email, password: 'correct horse battery' }),
    });
    const reader = ((await signIn.json()) as { token: string }).token;
    const until = Date.now() + SECONDS * 1000;
    let added = 0;
    let latest: { email: string; at: number } | undefined;
    const writers = Array.from({ length: 32 }, async () => {
      while (Date.now() < until) {
        const client = aBenchClient(false);
        const answer = await fetch(`${base}/api/v1/clients`, {
          method: 'POST',
          headers: { authorization: `Bearer ${staff.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(client),
        });
        await answer.arrayBuffer();
        if (answer.status === 201) {
          added++;
          latest = { email: client.email, at: performance.now() };
        }
      }
    });
    const indexed = async (email: string): Promise<boolean> => {
      const answer = await fetch(`${base}/api/v1/clients?q=${encodeURIComponent(email)}&limit=1`, {
        headers: { authorization: `Bearer ${reader}` },
      });
      return ((await answer.json()) as { items: unknown[] }).items.length > 0;
    };
    const lags: number[] = [];
    const sampler = (async () => {
      while (Date.now() < until) {
        const sample = latest;
        if (sample === undefined) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        while (!(await indexed(sample.email))) await new Promise((resolve) => setTimeout(resolve, 2));
        lags.push(performance.now() - sample.at);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await Promise.all([...writers, sampler]);
    const stopped = performance.now();
    const last = latest;
    if (last) while (!(await indexed(last.email))) await new Promise((resolve) => setTimeout(resolve, 10));
    const drainMs = performance.now() - stopped;
    lags.sort((a, b) => a - b);
    const at = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] ?? 0;
    console.log(
      `pipeline ${MODE}: projection lag p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms ` +
        `(${lags.length} samples) while adds ran at ${(added / SECONDS).toFixed(0)}/s for ${SECONDS} s; ` +
        `the backlog drained ${drainMs.toFixed(0)} ms after the adds stopped`,
    );
  } finally {
    await system.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
