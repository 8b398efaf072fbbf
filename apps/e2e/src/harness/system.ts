import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshDatabase } from '@studio/testing';
import { Api } from './http';
import { type Mailbox, outboxMailbox, smtpMailbox } from './mailbox';

export type Mode = 'services' | 'embedded';
export const SERVICES = [
  'client-registry',
  'identity',
  'invitation',
  'notification',
  'projector',
  'gateway',
] as const;
/** A process of the system: a service (separate processes), or the whole embedded system. */
type Process = (typeof SERVICES)[number] | 'embedded';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Every system started by this test file, until stopped. */
const running = new Set<() => Promise<void>>();

export async function stopEverything(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

export interface RunningSystem {
  readonly mode: Mode;
  readonly api: Api;
  readonly mailbox: Mailbox;
  /** `kill -9` one process (a service, or the embedded system), as a crash would. */
  kill(process: Process): Promise<void>;
  /** Stops one process cleanly (SIGTERM), as an operator would. */
  terminate(process: Process): Promise<void>;
  /** Starts a stopped process again, on the same data, and waits until the system is ready. */
  restart(process: Process): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Settings for every process (e.g. INVITATION_TTL). */
  readonly env?: Record<string, string>;
}

/**
 * Starts the whole system as the user would: every service its own process on the local NATS and PostgreSQL
 * (a fresh database and bus prefix per run) with a real SMTP server, or `npm start`'s embedded process on a
 * fresh DATA_DIR. Resolves once `GET /health/ready` answers 200.
 */
export async function startSystem(mode: Mode, options: StartOptions = {}): Promise<RunningSystem> {
  const port = await freePort();
  const children = new Map<string, ChildProcess>();
  const cleanups: (() => Promise<void>)[] = [];
  const baseEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'warn',
    INVITATION_SWEEP_INTERVAL: '1s',
    ...options.env,
  };
  let mailbox: Mailbox;
  let env: Record<string, string>;
  if (mode === 'services') {
    const db = await freshDatabase('e2e');
    const smtp = await smtpMailbox();
    cleanups.push(db.drop, () => smtp.close());
    mailbox = smtp;
    env = {
      ...baseEnv,
      NATS_URL,
      EVENT_STORE_URL: db.url,
      DOCUMENTS_URL: db.url,
      MAIL_URL: `smtp://127.0.0.1:${smtp.port}`,
      BUS_PREFIX: `e2e_${randomBytes(4).toString('hex')}`,
    };
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'studio-e2e-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    mailbox = outboxMailbox(path.join(dataDir, 'outbox'));
    env = { ...baseEnv, DATA_DIR: dataDir };
  }

  const launch = (name: Process) => {
    // Compiled by the test run's global set-up (scripts/jest-global-setup.cjs), as `npm ci` does for users.
    const script =
      name === 'embedded' ? 'dist/apps/embedded/src/main.js' : `dist/services/${name}/src/main.js`;
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      env: { ...env, OPS_PORT: '0' },
      stdio: ['ignore', 'ignore', process.env.E2E_VERBOSE ? 'inherit' : 'ignore'],
    });
    children.set(name, child);
  };
  if (mode === 'services') for (const service of SERVICES) launch(service);
  else launch('embedded');

  const api = new Api(`http://127.0.0.1:${port}`);
  const stop = async () => {
    running.delete(stop);
    await Promise.all([...children.values()].map(terminate));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  running.add(stop);
  try {
    await waitUntilReady(api);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    mode,
    api,
    mailbox,
    kill: async (name) => {
      const child = children.get(name);
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    terminate: async (name) => {
      const child = children.get(name);
      if (child) await terminate(child);
    },
    restart: async (name) => {
      launch(name);
      await waitUntilReady(api);
    },
    stop,
  };
}

async function waitUntilReady(api: Api, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await api.get('/health/ready').then(
      (a) => a.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > until)
      throw new Error(`the system was not ready within ${timeoutMs} ms (last status ${status})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
