/**
 * `npm run bench:embedded`: `npm start`'s process, compiled, on a fresh DATA_DIR: the time from spawning it to
 * `/health/ready`, its resident memory then, and after 1,000 adds (16 at once); then the same start again on
 * the data it left (a restart).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiClient } from '@studio/api-client';
import { createStudio } from '../src/harness/builders';
import { freePort } from '@studio/testing';
import { aBenchClient, compile } from './load';

const ROOT = path.join(__dirname, '..', '..', '..');

const rssMb = (child: ChildProcess): number => {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

async function start(dataDir: string, port: number): Promise<{ child: ChildProcess; readyMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/apps/embedded/src/main.js'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (answer) => answer.status,
      () => 0,
    );
    if (status === 200) return { child, readyMs: performance.now() - started };
    if (performance.now() - started > 60_000) throw new Error('not ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const stop = (child: ChildProcess) =>
  new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

async function main(): Promise<void> {
  compile();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-embedded-'));
  const port = await freePort();
  try {
    const first = await start(dataDir, port);
    const atStart = rssMb(first.child);
    const base = `http://127.0.0.1:${port}`;
    const staff = await createStudio(createApiClient({ baseUrl: base }));
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next++ < 1000) {
          const answer = await fetch(`${base}/api/v1/clients`, {
            method: 'POST',
            headers: { authorization: `Bearer ${staff.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(aBenchClient(false)),
          });
          await answer.arrayBuffer();
        }
      }),
    );
    const afterAdds = rssMb(first.child);
    await stop(first.child);
    const second = await start(dataDir, port);
    await stop(second.child);
    console.log(
      `embedded: ready in ${first.readyMs.toFixed(0)} ms on a fresh DATA_DIR (${second.readyMs.toFixed(0)} ms on ` +
        `its data again), RSS ${atStart.toFixed(0)} MB after start, ${afterAdds.toFixed(0)} MB after 1,000 adds ` +
        `(targets: ≤ 4,000 ms, ≤ 400 MB)`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
