#!/usr/bin/env node
// `npm run start:services`: every service as its own process, on NATS and PostgreSQL (see README, "Run modes").
// Each service's output is prefixed with its name; Ctrl-C (or SIGTERM) stops them all.
const { spawn } = require('node:child_process');
const path = require('node:path');

const SERVICES = ['client-registry', 'identity', 'invitation', 'notification', 'projector', 'gateway'];
const root = path.join(__dirname, '..');
const opsBase = Number(process.env.OPS_PORT_BASE ?? 9460);

const missing = ['NATS_URL', 'EVENT_STORE_URL', 'DOCUMENTS_URL'].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`start:services needs ${missing.join(', ')} (for example NATS_URL=nats://127.0.0.1:4222,`);
  console.error(
    'EVENT_STORE_URL=DOCUMENTS_URL=postgres://postgres@127.0.0.1:5432/studio); `npm start` needs nothing.',
  );
  process.exit(2);
}

const children = SERVICES.map((name, index) => {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
    cwd: root,
    env: { ...process.env, OPS_PORT: String(opsBase + index) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${name.padEnd(15)}| `;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`${prefix}exited (${signal ?? code})\n`);
    if (!stopping) stop(code || 1);
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r))))).then(
    () => process.exit(code),
  );
}
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());
