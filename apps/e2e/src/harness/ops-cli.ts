import { spawn } from 'node:child_process';
import path from 'node:path';
import type { RunningSystem } from './system';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

export interface OpsRun<J = unknown> {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed, when the command was run with --json. */
  readonly json: J;
}

/**
 * `npm run ops -- <args>` against `system`, as an operator would run it: the compiled CLI, told where the
 * system is as a user tells it (NATS_URL and BUS_PREFIX, or the embedded DATA_DIR) and nothing else.
 */
export function runOps<J = unknown>(
  system: RunningSystem,
  args: readonly string[],
  /** Who the operator is on NATS (NATS_USER, NATS_PASSWORD), where NATS asks. */
  credentials: Readonly<Record<string, string>> = {},
): Promise<OpsRun<J>> {
  const { env } = system;
  const { NATS_URL: _nats, BUS_PREFIX: _prefix, DATA_DIR: _data, ...rest } = process.env;
  const target =
    system.mode === 'services'
      ? { NATS_URL: env.NATS_URL ?? '', BUS_PREFIX: env.BUS_PREFIX ?? '' }
      : { DATA_DIR: env.DATA_DIR ?? '' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/apps/ops/src/main.js', ...args], {
      cwd: ROOT,
      env: { ...rest, ...target, ...credentials, OPS_OPERATOR: 'e2e' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      let json: unknown;
      try {
        json = args.includes('--json') ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? -1, stdout, stderr, json: json as J });
    });
  });
}
