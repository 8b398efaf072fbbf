import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Mailbox } from '../src/harness/mailbox';

export interface LoadResult {
  /** Answered requests a second (2xx only). */
  readonly rate: number;
  /** Answered requests (2xx). */
  readonly answered: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly method?: 'GET' | 'POST';
  readonly token: string;
  /** A fresh body for each request (e.g. a new email), or none. */
  readonly body?: () => unknown;
}

/** Runs autocannon against one endpoint; every request carries the staff session. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const { body } = options;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? 'GET',
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
    ...(body
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => ({ ...request, body: JSON.stringify(body()) }),
            },
          ],
        }
      : {}),
  });
  const ok = result['2xx'];
  return {
    rate: ok / options.seconds,
    answered: ok,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export const uniqueEmail = (): string => `bench-${randomBytes(6).toString('hex')}@client.test`;

export const aBenchClient = (invite: boolean) => ({
  firstName: 'Bench',
  lastName: `Client${randomBytes(3).toString('hex')}`,
  email: uniqueEmail(),
  ...(invite ? { invite: {} } : {}),
});

export const round = (value: number, digits = 0): string => value.toFixed(digits);

/** The system runs from dist/: bring it up to date with the sources, as `npm start` does. */
export function compile(): void {
  execFileSync(process.execPath, ['scripts/build.cjs'], {
    cwd: path.join(__dirname, '..', '..', '..'),
    stdio: 'inherit',
  });
}

/**
 * Until what the writes left queued is done: `emails` emails in the mailbox (the invitations), and a list that
 * answers without waiting for the index to reach the session's last write. The next phase then measures itself,
 * not the pipeline still working off the previous one. Answers how long that took, in ms.
 */
export async function drained({
  url,
  token,
  mailbox,
  emails = 0,
}: {
  url: string;
  token: string;
  mailbox: Mailbox;
  emails?: number;
}): Promise<number> {
  const started = Date.now();
  const timedOut = () => Date.now() - started > 180_000;
  while ((await mailbox.count()) < emails && !timedOut())
    await new Promise((resolve) => setTimeout(resolve, 200));
  for (;;) {
    const before = performance.now();
    await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (performance.now() - before < 50 || timedOut()) break;
  }
  return Date.now() - started;
}
