import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { newLinkKey } from '@studio/service-kit';
import { freePort, freshDatabase } from '@studio/testing';
import { privateNats, privatePostgres } from './harness/private-servers';

const ROOT = path.join(__dirname, '..', '..', '..');
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly health: (what: 'live' | 'ready') => Promise<{ status: number; body: Record<string, unknown> }>;
}

/** One service, compiled, as `npm run start:services` runs it, with its ops port on. */
async function startIdentity(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['dist/services/identity/src/main.js'], {
    cwd: ROOT,
    env: {
      ...(process.env as Record<string, string>),
      BUS_PREFIX: `e2e_${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'info',
      // Its log lines on its own output, where the test reads them.
      LOG_FILE: '',
      OPS_PORT: String(port),
      MAIL_LINK_KEY: newLinkKey(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const health = async (what: 'live' | 'ready') => {
    const answer = await fetch(`http://127.0.0.1:${port}/health/${what}`).catch(() => undefined);
    return answer
      ? { status: answer.status, body: (await answer.json()) as Record<string, unknown> }
      : { status: 0, body: {} };
  };
  return { child, output: () => output, health };
}

async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

describe('start-up: a service waits for NATS and PostgreSQL instead of exiting', () => {
  it('started while NATS is down: live, not ready (saying why), and ready once NATS is up', async () => {
    const nats = await privateNats();
    const db = await freshDatabase('startup');
    await nats.halt();
    const service = await startIdentity({ NATS_URL: nats.url, DOCUMENTS_URL: db.url });
    try {
      const live = await eventually(
        () => service.health('live'),
        (h) => h.status === 200,
      );
      expect(live.status).toBe(200);
      const ready = await eventually(
        () => service.health('ready'),
        (h) => String(h.body.reason).includes('NATS'),
      );
      expect(ready).toEqual({
        status: 503,
        body: { status: 'starting', reason: expect.stringContaining('waiting for NATS at 127.0.0.1:') },
      });
      expect(service.child.exitCode).toBeNull();

      await nats.start();
      expect(
        (
          await eventually(
            () => service.health('ready'),
            (h) => h.status === 200,
          )
        ).status,
      ).toBe(200);
      expect(service.output()).toMatch(/waiting for NATS at 127\.0\.0\.1:\d+: NATS is unreachable/);
    } finally {
      await stop(service.child);
      await nats.stop();
      await db.drop();
    }
  });

  it('started while PostgreSQL is down: waits, then comes up when it is back', async () => {
    const pg = await privatePostgres();
    await pg.halt();
    const service = await startIdentity({ NATS_URL, DOCUMENTS_URL: pg.url });
    try {
      const ready = await eventually(
        () => service.health('ready'),
        (h) => String(h.body.reason).includes('PostgreSQL'),
      );
      expect(ready.body.reason).toMatch(
        /^waiting for PostgreSQL at 127\.0\.0\.1:\d+: the database is unreachable/,
      );
      expect((await service.health('live')).status).toBe(200);

      await pg.start();
      expect(
        (
          await eventually(
            () => service.health('ready'),
            (h) => h.status === 200,
          )
        ).status,
      ).toBe(200);
    } finally {
      await stop(service.child);
      await pg.stop();
    }
  });

  it('a database that does not exist fails at once, in a plain line', async () => {
    const service = await startIdentity({
      NATS_URL,
      DOCUMENTS_URL: `postgres://postgres@127.0.0.1:5432/no_such_database_${randomBytes(3).toString('hex')}`,
    });
    const code = await new Promise<number | null>((resolve) => service.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(service.output()).toMatch(/does not exist/);
    expect(service.output()).not.toMatch(/^\s+at /m);
  });

  it('a service that mints or opens emailed links refuses to start without MAIL_LINK_KEY, naming it', async () => {
    const service = await startIdentity({
      NATS_URL,
      DOCUMENTS_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      MAIL_LINK_KEY: '',
    });
    const code = await new Promise<number | null>((resolve) => service.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(service.output()).toMatch(/MAIL_LINK_KEY is required/);
    expect(service.output()).not.toMatch(/^\s+at /m);
  });
});
