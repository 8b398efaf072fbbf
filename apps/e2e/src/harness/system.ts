import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ApiClient, createApiClient } from '@studio/api-client';
import { newLinkKey } from '@studio/service-kit';
import { freePort, freshDatabase } from '@studio/testing';
import { Api } from './http';
import { type Mailbox, outboxMailbox, smtpMailbox } from './mailbox';

export type Mode = 'services' | 'embedded';
export const SERVICES = [
  'client-registry',
  'identity',
  'invitation',
  'notification',
  'projector',
  'projects',
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
  /** The typed client of the API (no session): what the tests call operations with. */
  readonly client: ApiClient;
  /** Raw HTTP, for what the client would not send: malformed input, odd headers. */
  readonly api: Api;
  /** The (first) gateway's ops port, never public: `/metrics`. */
  readonly opsUrl: string;
  readonly mailbox: Mailbox;
  /** The settings every process runs with (NATS_URL, BUS_PREFIX, DATA_DIR, DOCUMENTS_URL, …). */
  readonly env: Readonly<Record<string, string>>;
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
  /** Separate processes: how many of each service (default E2E_REPLICAS, else 1); calls alternate gateways. */
  readonly replicas?: number;
  /** Separate processes: NATS and PostgreSQL of the test's own (default: the machine's, a fresh database). */
  readonly natsUrl?: string;
  readonly databaseUrl?: string;
  /** Separate processes: settings of one service alone (e.g. its own NATS_USER and NATS_PASSWORD). */
  readonly envOf?: (service: Process) => Record<string, string>;
}

/**
 * Starts the whole system as the user would: every service its own process on the local NATS and PostgreSQL
 * (a fresh database and bus prefix per run) with a real SMTP server, or `npm start`'s embedded process on a
 * fresh DATA_DIR. Resolves once `GET /health/ready` answers 200.
 */
export async function startSystem(mode: Mode, options: StartOptions = {}): Promise<RunningSystem> {
  const replicas = mode === 'services' ? (options.replicas ?? Number(process.env.E2E_REPLICAS ?? 1)) : 1;
  const ports = await Promise.all(Array.from({ length: replicas }, freePort));
  const port = ports[0]!;
  const opsPorts = await Promise.all(Array.from({ length: replicas }, freePort));
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
    const db = options.databaseUrl
      ? { url: options.databaseUrl, drop: async () => undefined }
      : await freshDatabase('e2e');
    const smtp = await smtpMailbox();
    cleanups.push(db.drop, () => smtp.close());
    mailbox = smtp;
    env = {
      ...baseEnv,
      NATS_URL: options.natsUrl ?? NATS_URL,
      EVENT_STORE_URL: db.url,
      DOCUMENTS_URL: db.url,
      MAIL_URL: `smtp://127.0.0.1:${smtp.port}`,
      // As a deployment should run: links sealed on their way to notification.
      MAIL_LINK_KEY: newLinkKey(),
      BUS_PREFIX: options.env?.BUS_PREFIX ?? `e2e_${randomBytes(4).toString('hex')}`,
    };
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'studio-e2e-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    mailbox = outboxMailbox(path.join(dataDir, 'outbox'));
    env = { ...baseEnv, DATA_DIR: dataDir };
  }

  /** Starts every replica of `name` that is not running. */
  const launch = (name: Process) => {
    // Compiled by the test run's global set-up (scripts/jest-global-setup.cjs), as `npm ci` does for users.
    const script =
      name === 'embedded' ? 'dist/apps/embedded/src/main.js' : `dist/services/${name}/src/main.js`;
    for (let replica = 0; replica < replicas; replica++) {
      const key = `${name}#${replica}`;
      const running = children.get(key);
      if (running && running.exitCode === null && running.signalCode === null) continue;
      // Logs go to the test file's log file (LOG_FILE, set by the jest setup), shown if a test fails; so does
      // anything a process prints outside its logger (a crash).
      const output = process.env.LOG_FILE ? openSync(process.env.LOG_FILE, 'a') : 'ignore';
      // Gateway replicas each listen on ports of their own (public and ops); the others' ops port is any.
      const opsPort = name === 'gateway' || name === 'embedded' ? String(opsPorts[replica]) : '';
      const child = spawn(process.execPath, [...profiling(key), script], {
        cwd: ROOT,
        env: { ...env, ...options.envOf?.(name), OPS_PORT: opsPort, PORT: String(ports[replica]) },
        stdio: ['ignore', output, output],
      });
      if (typeof output === 'number') closeSync(output);
      children.set(key, child);
    }
  };
  const replicasOf = (name: Process) =>
    [...children.entries()].filter(([key]) => key.startsWith(`${name}#`)).map(([, child]) => child);
  if (mode === 'services') for (const service of SERVICES) launch(service);
  else launch('embedded');

  const urls = ports.map((each) => `http://127.0.0.1:${each}`) as [string, ...string[]];
  const api = new Api(urls);
  const stop = async () => {
    running.delete(stop);
    await Promise.all([...children.values()].map(terminate));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  running.add(stop);
  try {
    await waitUntilReady(urls);
  } catch (error) {
    await stop();
    throw error;
  }
  // With several gateways, the typed client's calls go to each in turn too.
  let turn = 0;
  const spread: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    return fetch(url.replace(urls[0], urls[turn++ % urls.length] ?? urls[0]), init);
  };
  return {
    mode,
    client: createApiClient({ baseUrl: urls[0], fetch: spread }),
    api,
    opsUrl: `http://127.0.0.1:${opsPorts[0]!}`,
    mailbox,
    env,
    kill: async (name) => {
      await Promise.all(
        replicasOf(name).map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGKILL');
          await exited;
        }),
      );
    },
    terminate: async (name) => {
      await Promise.all(replicasOf(name).map(terminate));
    },
    restart: async (name) => {
      launch(name);
      await waitUntilReady(urls);
    },
    stop,
  };
}

/** With CPU_PROFILE_DIR set, each process writes a V8 CPU profile there when it exits (`<service>#<n>.cpuprofile`). */
function profiling(key: string): string[] {
  const dir = process.env.CPU_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${key}.cpuprofile`] : [];
}

/** Every gateway answers ready: each asks every service, so this is the whole system. */
async function waitUntilReady(urls: readonly string[], timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const url of urls) {
    for (;;) {
      const status = await fetch(`${url}/health/ready`).then(
        (answer) => answer.status,
        () => 0,
      );
      if (status === 200) break;
      if (Date.now() > until)
        throw new Error(`the system was not ready within ${timeoutMs} ms (last status ${status} at ${url})`);
      await new Promise((r) => setTimeout(r, 200));
    }
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
