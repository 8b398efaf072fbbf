import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { type LagReport, SERVICE_NAMES } from '@studio/contracts';
import { newNatsPassword, passwordVariableOf } from '@studio/messaging';
import { freshDatabase } from '@studio/testing';
import { aClient, createStudio } from './harness/builders';
import { eventually } from './harness/eventually';
import { linkToken, waitForMail } from './harness/mailbox';
import { runOps } from './harness/ops-cli';
import { type PrivateNats, privateNats } from './harness/private-servers';
import { type RunningSystem, startSystem } from './harness/system';

const ROOT = path.join(__dirname, '..', '..', '..');
/** The checked-in configuration itself (a spec keeps it equal to what `npm run nats:config` writes). */
const CONFIG = path.join(ROOT, 'deploy/nats/nats-server.conf');
/** The configuration's users are those of the bus prefix `studio`; this server is the test's own. */
const PREFIX = 'studio';

/** A fresh password for every user the configuration names. */
const passwords = Object.fromEntries(
  [...readFileSync(CONFIG, 'utf8').matchAll(/password: \$(\w+)/g)].map((match) => [
    match[1]!,
    newNatsPassword(),
  ]),
);
const credentialsOf = (user: string) => ({ user, pass: passwords[passwordVariableOf(user)]! });

describe('finding 3, the bus trusts every message: NATS permissions, each service its own subjects and nothing else', () => {
  let nats: PrivateNats;
  let system: RunningSystem;
  const connections: NatsConnection[] = [];
  const as = async (user: string) => {
    const nc = await connect({ servers: nats.url, ...credentialsOf(user), inboxPrefix: `_INBOX_${user}` });
    connections.push(nc);
    return nc;
  };

  beforeAll(async () => {
    nats = await privateNats({ config: CONFIG, env: passwords });
    system = await startSystem('services', {
      natsUrl: nats.url,
      env: { BUS_PREFIX: PREFIX },
      envOf: (service) => ({ NATS_USER: service, NATS_PASSWORD: credentialsOf(service).pass }),
    });
  });
  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close()));
    await system?.stop();
    await nats?.stop();
  });

  it('runs an invitation and an owner verification through every service, each under its own user', async () => {
    const staff = await createStudio(system.client);
    const client = await staff.client.addClient({ body: aClient({ invite: {} }) });
    const mail = await waitForMail(system.mailbox, (m) => m.to.includes(client.email));
    const accepted = await system.client.acceptInvitation({
      params: { token: linkToken(mail, 'invitations') },
      body: { password: 'a long enough secret' },
    });
    expect(accepted.principal).toMatchObject({ kind: 'client', email: client.email });
    expect((await staff.client.getClient({ params: { id: client.id } })).access).toBe('Active');
    // The owner verifies their address: identity tells notification, on a subject of their own.
    const verification = await waitForMail(
      system.mailbox,
      (m) => m.to.includes(staff.email) && /verify your email/i.test(m.subject),
    );
    await system.client.verifyEmail({ params: { token: linkToken(verification, 'email-verifications') } });
  });

  it("the operators' CLI reaches every service's operations under its own user", async () => {
    const { pass } = credentialsOf('ops');
    const lag = await runOps<LagReport>(system, ['lag', '--json'], { NATS_USER: 'ops', NATS_PASSWORD: pass });
    expect([lag.code, lag.stderr]).toEqual([0, '']);
    expect(lag.json.unreachable).toEqual([]);
    expect(lag.json.services.map((s) => s.service).sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it('along the way, NATS refused no service anything (each has every subject it uses)', () => {
    expect(
      nats
        .log()
        .split('\n')
        .filter((line) => /violation/i.test(line)),
    ).toEqual([]);
  });

  it.each([
    // A principal's command: only the gateway may send it, so its actor is one the gateway authenticated.
    ['notification', `${PREFIX}.registry.clients.add`],
    ['projector', `${PREFIX}.registry.clients.deactivate`],
    ['invitation', `${PREFIX}.identity.sessions.authenticate`],
    ['projects', `${PREFIX}.projects.create`],
    // Operations are the operators' alone: the gateway has no route to them.
    ['gateway', `${PREFIX}.ops.client-registry.stream`],
    ['identity', `${PREFIX}.projector.client-index.rebuild`],
  ])('%s cannot send %s', async (user, subject) => {
    const nc = await as(user);
    await expect(nc.request(subject, '{}', { timeout: 2_000 })).rejects.toThrow(
      `Permissions Violation for Publish to "${subject}"`,
    );
    // Refused by the server, which says so in its log (what the check above reads); it answers the client
    // before it writes the line, so the line may come a moment later.
    const line = `Publish Violation - User "${user}", Subject "${subject}"`;
    await eventually(async () => (nats.log().includes(line) ? true : undefined), 5_000, { everyMs: 50 });
  });

  it.each([
    ['projector', `${PREFIX}.events.client.ClientActivated`],
    ['notification', `${PREFIX}.events.project.ProjectCreated`],
    ['projects', `${PREFIX}.mail.requests`],
  ])('%s cannot publish %s', async (user, subject) => {
    const nc = await as(user);
    const violation = firstError(nc);
    nc.publish(subject, '{}');
    expect(await violation).toContain(`Permissions Violation for Publish to "${subject}"`);
  });

  it.each([
    ['notification', '_INBOX_gateway.>'],
    ['projector', '_INBOX.>'],
    ['invitation', `${PREFIX}.registry.clients.add`],
    ['gateway', `${PREFIX}.events.>`],
  ])("%s cannot read %s (another's replies, or requests it does not answer)", async (user, subject) => {
    const nc = await as(user);
    const subscription = nc.subscribe(subject);
    const closed = await subscription.closed;
    expect(closed?.message).toContain(`Permissions Violation for Subscription to "${subject}"`);
  });

  it('refuses a connection without credentials, or with wrong ones', async () => {
    await expect(connect({ servers: nats.url })).rejects.toThrow('Authorization Violation');
    await expect(connect({ servers: nats.url, user: 'gateway', pass: 'guessed' })).rejects.toThrow(
      'Authorization Violation',
    );
  });

  it('a service started with a wrong password exits at once, saying so', async () => {
    const db = await freshDatabase('e2e');
    try {
      const started = Date.now();
      const { code, output } = await run('dist/services/projector/src/main.js', {
        ...(process.env as Record<string, string>),
        NATS_URL: nats.url,
        NATS_USER: 'projector',
        NATS_PASSWORD: 'guessed',
        DOCUMENTS_URL: db.url,
        EVENT_STORE_URL: db.url,
        BUS_PREFIX: PREFIX,
        OPS_PORT: '0',
        LOG_FILE: '',
      });
      expect(code).toBe(1);
      expect(output).toContain('cannot use NATS at');
      expect(output).toContain('as projector: Authorization Violation');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await db.drop();
    }
  });
});

/** The next asynchronous error the server reports on a connection (a publish it refused). */
async function firstError(nc: NatsConnection): Promise<string> {
  for await (const status of nc.status()) if (status.type === 'error') return status.error.message;
  return 'closed without an error';
}

function run(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, [script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}
