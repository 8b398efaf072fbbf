import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@studio/testing';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const NATS_SERVER = process.env.NATS_SERVER ?? '/usr/sbin/nats-server';

/** A server of this test's own, so stopping and restarting it disturbs no other test. */
export interface PrivateServer {
  readonly url: string;
  /** Stops the server and keeps its data, for `start` to bring it back. */
  halt(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface PrivateNats extends PrivateServer {
  /** What the server logged so far (e.g. the permission violations it refused). */
  log(): string;
}

export interface PrivateNatsOptions {
  /** A configuration file (e.g. the generated deploy/nats/nats-server.conf), and the environment it reads. */
  readonly config?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** A NATS server with JetStream on a free loopback port, its store in a temporary folder. */
export async function privateNats(options: PrivateNatsOptions = {}): Promise<PrivateNats> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'private-nats-'));
  let child: ChildProcess | undefined;
  const config = options.config === undefined ? [] : ['-c', options.config];
  const logFile = path.join(dir, 'nats-server.log');
  const start = async () => {
    const args = [...config, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir, '-l', logFile];
    child = spawn(NATS_SERVER, args, {
      stdio: 'ignore',
      env: { ...process.env, ...options.env },
    });
    await waitForPort(port);
  };
  const halt = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise((resolve) => {
      running.once('exit', resolve);
      running.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    halt,
    start,
    restart: async () => {
      await halt();
      await start();
    },
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A PostgreSQL cluster made with the installed server's own initdb, trust auth on loopback, run as the
 * `postgres` user (the server refuses root). `restart()` is an immediate-mode restart: no clean shutdown, so
 * the server recovers from its WAL, as after a crash.
 */
export async function privatePostgres(): Promise<PrivateServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'private-pg-'));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) chownSync(dir, uid('postgres'), gid('postgres'));
  const pg = (tool: string, args: string[]) => {
    const command = [path.join(PG_BIN, tool), ...args];
    const [file, ...rest] = asPostgres ? ['runuser', '-u', 'postgres', '--', ...command] : command;
    execFileSync(file!, rest, { stdio: 'ignore' });
  };
  const data = path.join(dir, 'data');
  pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300`;
  const start = () => pg('pg_ctl', ['start', '-w', '-D', data, '-l', path.join(dir, 'log'), '-o', options]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    halt: async () => pg('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data]),
    start: async () => start(),
    restart: async () => {
      pg('pg_ctl', ['restart', '-w', '-m', 'immediate', '-D', data, '-o', options]);
    },
    stop: async () => {
      try {
        pg('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', data]);
      } catch {
        // Already halted.
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const { connect } = await import('node:net');
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listens on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const uid = (user: string) => Number(execFileSync('id', ['-u', user]).toString().trim());
const gid = (user: string) => Number(execFileSync('id', ['-g', user]).toString().trim());
