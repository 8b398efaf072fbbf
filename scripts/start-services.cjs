#!/usr/bin/env node
// `npm run start:services [-- <service>…]`: every service (or the ones named) as its own process, on NATS and
// PostgreSQL (see README, "Run modes"), from the compiled JavaScript in dist/. REPLICAS=<n> runs n processes of
// each; REPLICAS_<SERVICE>=<n> (e.g. REPLICAS_PROJECTOR=3) sets one service's count. Each process's output is
// prefixed with its name; Ctrl-C (or SIGTERM) stops them all. NATS_PASSWORD_<SERVICE> (e.g. NATS_PASSWORD_GATEWAY)
// runs each service as its own NATS user (README, "NATS users").
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { build } = require('./build.cjs');

const SERVICES = [
  'client-registry',
  'identity',
  'invitation',
  'notification',
  'projector',
  'projects',
  'gateway',
];
const root = path.join(__dirname, '..');
const opsBase = Number(process.env.OPS_PORT_BASE ?? 9460);

const named = process.argv.slice(2);
const unknown = named.filter((name) => !SERVICES.includes(name));
if (unknown.length > 0) {
  console.error(`unknown service(s): ${unknown.join(', ')}; the services are ${SERVICES.join(', ')}`);
  process.exit(2);
}
const missing = ['NATS_URL', 'EVENT_STORE_URL', 'DOCUMENTS_URL'].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`start:services needs ${missing.join(', ')} (for example NATS_URL=nats://127.0.0.1:4222,`);
  console.error(
    'EVENT_STORE_URL=DOCUMENTS_URL=postgres://postgres@127.0.0.1:5432/studio); `npm start` needs nothing.',
  );
  process.exit(2);
}

/**
 * MAIL_LINK_KEY, which the services that mint and open links need: unless given, one made on the first run and
 * kept in DATA_DIR (owner-only), so links sealed before a restart still open after it.
 */
function mailLinkKey() {
  if (process.env.MAIL_LINK_KEY) return process.env.MAIL_LINK_KEY;
  const dir = path.resolve(process.env.DATA_DIR ?? '.data');
  const file = path.join(dir, 'mail-link.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, randomBytes(32).toString('base64'), { mode: 0o600 });
    renameSync(partial, file);
  }
  return readFileSync(file, 'utf8').trim();
}

function replicasOf(service) {
  const own = process.env[`REPLICAS_${service.toUpperCase().replace(/-/g, '_')}`];
  const count = Number(own ?? process.env.REPLICAS ?? 1);
  if (!Number.isInteger(count) || count < 1) {
    console.error(`REPLICAS for ${service} must be a whole number ≥ 1, got "${own ?? process.env.REPLICAS}"`);
    process.exit(2);
  }
  return count;
}

const selected = named.length > 0 ? SERVICES.filter((name) => named.includes(name)) : SERVICES;
const plan = selected.flatMap((service) =>
  Array.from({ length: replicasOf(service) }, (_, replica) => ({ service, replica })),
);

const linkKey = mailLinkKey();
let stopping = false;
let children = [];

function launch({ service, replica }, index) {
  const label = replica === 0 ? service : `${service}#${replica + 1}`;
  const env = { ...process.env, MAIL_LINK_KEY: linkKey, OPS_PORT: String(opsBase + index) };
  // With NATS users (deploy/nats/nats-server.conf), each service is its own: NATS_PASSWORD_<SERVICE> set
  // (e.g. from the .env of `npm run nats:config -- --passwords`) makes it NATS_USER=<service>.
  const password = process.env[`NATS_PASSWORD_${service.toUpperCase().replace(/-/g, '_')}`];
  if (password) Object.assign(env, { NATS_USER: service, NATS_PASSWORD: password });
  // Replicas of the gateway share nothing but the database: each listens on a port of its own.
  if (service === 'gateway' && replica > 0) env.PORT = String(Number(process.env.PORT ?? 3000) + replica);
  const child = spawn(process.execPath, [path.join(root, `dist/services/${service}/src/main.js`)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${label.padEnd(17)}| `;
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
}

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

build().then(
  () => {
    children = plan.map(launch);
  },
  (error) => {
    console.error(`could not compile the sources: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
