import type {
  ClientIndexRebuildStatus,
  ClientStream,
  DeadLetterDetail,
  DeadLetterDto,
  DeadLetterRedriveResult,
  LagReport,
  SweepResult,
} from '@studio/contracts';
import { freshDatabase } from '@studio/testing';
import { Client } from 'pg';
import { aClient, createStudio, type StaffSession } from './harness/builders';
import { eventually } from './harness/eventually';
import { linkToken, type Mail } from './harness/mailbox';
import { runOps } from './harness/ops-cli';
import { type Mode, type RunningSystem, startSystem } from './harness/system';

type ClientBody = { id: string; email: string; version: number; invitation: { status: string } | null };

/** How long invitations live here: the sweep test waits this out for the first one. */
const TTL_MS = 20_000;

/**
 * `npm run ops` against a running system, as separate processes (over NATS) and embedded (over its ops port).
 * The embedded system keeps its services' documents in PostgreSQL here (DOCUMENTS_URL), so the test can make
 * a consumer fail from outside, with a trigger, and produce a real dead letter.
 */
describe.each<Mode>(['services', 'embedded'])('the operator console against %s', (mode) => {
  let system: RunningSystem;
  let staff: StaffSession;
  let db: { url: string; drop: () => Promise<void> };
  let sql: Client;
  let firstInvitedAt = 0;
  let firstInvited: ClientBody | undefined;

  beforeAll(async () => {
    db = await freshDatabase(`ops_${mode}`);
    system = await startSystem(mode, {
      ...(mode === 'services' ? { databaseUrl: db.url } : {}),
      env: {
        ...(mode === 'embedded' ? { DOCUMENTS_URL: db.url } : {}),
        INVITATION_TTL: `${TTL_MS / 1_000}s`,
        INVITATION_SWEEP_INTERVAL: '1h',
        DELIVERY_ATTEMPTS: '3',
        DELIVERY_BACKOFF: '1s',
        RATE_LIMIT_PER_MINUTE: '1000000',
        STUDIO_DAILY_EMAILS: '1000000',
        STUDIO_DAILY_EMAILS_UNVERIFIED: '1000000',
      },
    });
    staff = await createStudio(system.client);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  }, 180_000);

  afterEach(() => failInvitations(sql, false));

  afterAll(async () => {
    await sql?.end();
    await system?.stop();
    await db?.drop();
  });

  const add = async (invite: boolean, headers: Record<string, string> = {}) => {
    const answer = await system.api.post<ClientBody>(
      '/api/v1/clients',
      aClient(invite ? { invite: {} } : {}),
      { token: staff.token, headers },
    );
    expect(answer.status).toBe(201);
    return answer;
  };

  it("stream: a client's events by id and by email, oldest first, with versions, actors and correlation ids, never a token", async () => {
    const correlationId = `ops-e2e-${mode}`;
    const added = await add(true, { 'x-correlation-id': correlationId });
    firstInvitedAt = Date.now();
    const client = added.body;
    firstInvited = client;
    const mail = await eventually(async () =>
      (await system.mailbox.all()).find((each: Mail) => each.to === client.email),
    );
    const token = linkToken(mail, 'invitations');

    const byId = await runOps<ClientStream>(system, ['stream', client.id, '--json']);
    expect(byId.code).toBe(0);
    expect(byId.json.clientId).toBe(client.id);
    expect(byId.json.studioId).toBe(staff.studioId);
    expect(byId.json.events.map((event) => [event.version, event.type])).toEqual([
      [0, 'ClientAdded'],
      [1, 'ClientInvited'],
    ]);
    for (const event of byId.json.events) {
      expect(event.actor).toMatch(/^staff:/);
      expect(event.correlationId).toBe(correlationId);
      expect(Date.parse(event.recordedAt)).not.toBeNaN();
    }
    expect(byId.stdout).not.toContain(token);

    const byEmail = await runOps<ClientStream>(system, [
      'stream',
      client.email,
      '--studio',
      staff.slug,
      '--json',
    ]);
    expect(byEmail.code).toBe(0);
    expect(byEmail.json).toEqual(byId.json);

    const text = await runOps(system, ['stream', client.id]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('ClientInvited');
    expect(text.stdout).not.toContain(token);

    const unknown = await runOps(system, ['stream', 'nobody@nowhere.test', '--studio', staff.slug]);
    expect(unknown.code).toBe(1);
  });

  it("lag: every durable consumer's pending and in-flight counts, the publisher's distance, the oldest unprocessed event", async () => {
    const lag = await runOps<LagReport>(system, ['lag', '--json']);
    expect(lag.code).toBe(0);
    expect(lag.json.unreachable).toEqual([]);
    const consumers = lag.json.services.flatMap((service) => service.consumers);
    expect(consumers.map((consumer) => consumer.consumer).sort()).toEqual([
      'client-registry.checkout_package_purchased',
      'identity.events_client_',
      'invitation.events_client_',
      'notification.mail_requests',
      'notification.mail_studio-verified',
      'projector.events_client_',
      'projector.mail_delivery',
      'projects.events_project_',
    ]);
    for (const consumer of consumers) {
      expect(consumer.pending).toBeGreaterThanOrEqual(0);
      expect(consumer.inFlight).toBeGreaterThanOrEqual(0);
    }
    const publisher = lag.json.services.find((service) => service.service === 'client-registry')?.publisher;
    expect(publisher?.behind).toBeGreaterThanOrEqual(0);
    const text = await runOps(system, ['lag']);
    expect(text.stdout).toContain('projector.events_client_');
    expect(text.stdout).toContain('events behind the head of the store');
  });

  it('dead letters: kept durably, shown, redriven once to their own consumer, dropped, each action recorded', async () => {
    await failInvitations(sql, true);
    const client = (await add(true)).body;
    const letter = await eventually(async () => {
      const listed = await runOps<DeadLetterDto[]>(system, ['dead-letters', 'list', '--json']);
      return listed.json?.find((each) => each.key === `client-${client.id}`);
    }, 60_000);
    expect(letter).toMatchObject({
      service: 'invitation',
      consumer: 'invitation.events_client_',
      subject: 'events.client.ClientInvited',
      state: 'dead',
    });
    expect(letter.error).toContain('injected fault');
    if (mode === 'embedded') {
      // Kept in the database, not in memory: still there after a restart.
      await system.terminate('embedded');
      await system.restart('embedded');
      const listed = await runOps<DeadLetterDto[]>(system, ['dead-letters', 'list', '--json']);
      expect(listed.json.map((each) => each.id)).toContain(letter.id);
    }
    const shown = await runOps<DeadLetterDetail>(system, ['dead-letters', 'show', letter.id, '--json']);
    expect(shown.json).toMatchObject({ id: letter.id, actions: [{ action: 'recorded', outcome: 'ok' }] });
    expect(await invitationMails(system, client.email)).toBe(0);

    await failInvitations(sql, false);
    const redriven = await runOps<DeadLetterRedriveResult>(system, [
      'dead-letters',
      'redrive',
      letter.id,
      '--json',
    ]);
    expect(redriven.code).toBe(0);
    expect(redriven.json).toEqual({ redriven: [letter.id], failed: [] });
    await eventually(async () => ((await invitationMails(system, client.email)) === 1 ? true : undefined));
    // Once only: a second redrive finds nothing to do, and no second email comes.
    expect((await runOps(system, ['dead-letters', 'redrive', letter.id])).code).toBe(1);
    const all = await runOps<DeadLetterRedriveResult>(system, ['dead-letters', 'redrive', '--all', '--json']);
    expect(all.json.redriven).not.toContain(letter.id);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await invitationMails(system, client.email)).toBe(1);
    const after = await runOps<DeadLetterDetail>(system, ['dead-letters', 'show', letter.id, '--json']);
    expect(after.json.state).toBe('redriven');
    expect(after.json.actions.map((action) => [action.action, action.outcome, action.by])).toEqual([
      ['recorded', 'ok', 'invitation.events_client_'],
      ['redrive', 'ok', 'operator:e2e'],
    ]);

    // Another one, given up for good.
    await failInvitations(sql, true);
    const other = (await add(true)).body;
    const second = await eventually(async () => {
      const listed = await runOps<DeadLetterDto[]>(system, ['dead-letters', 'list', '--json']);
      return listed.json?.find((each) => each.key === `client-${other.id}`);
    }, 60_000);
    await failInvitations(sql, false);
    const dropped = await runOps(system, ['dead-letters', 'drop', second.id, '--json']);
    expect(dropped.code).toBe(0);
    const live = await runOps<DeadLetterDto[]>(system, ['dead-letters', 'list', '--json']);
    expect(live.json.map((each) => each.id)).not.toContain(second.id);
    const everything = await runOps<DeadLetterDto[]>(system, ['dead-letters', 'list', '--all', '--json']);
    expect(everything.json.find((each) => each.id === second.id)?.state).toBe('dropped');
    expect(await invitationMails(system, other.email)).toBe(0);
  }, 180_000);

  it('replay under write load: no read fails, and the rebuilt index equals the live one', async () => {
    for (let i = 0; i < 60; i++) await add(i % 3 === 0);
    let writing = true;
    let writes = 0;
    let reads = 0;
    const failedReads: string[] = [];
    const writers = Array.from({ length: 3 }, async () => {
      while (writing) {
        await add(writes++ % 2 === 0);
      }
    });
    const readers = Array.from({ length: 2 }, async () => {
      while (writing) {
        const page = await system.api
          .get<{ items?: ClientBody[] }>('/api/v1/clients?limit=25', { token: staff.token })
          .catch((error: unknown) => ({ status: 0, body: { items: [] }, error }));
        if (page.status !== 200)
          failedReads.push(`list answered ${page.status}: ${JSON.stringify(page.body)}`);
        const one = page.body.items?.[0];
        if (one) {
          const got = await system.api.get(`/api/v1/clients/${one.id}`, { token: staff.token });
          if (got.status !== 200) failedReads.push(`get answered ${got.status}`);
        }
        reads++;
      }
    });

    const replayed = await runOps<ClientIndexRebuildStatus>(system, ['replay', 'client-index', '--json']);
    writing = false;
    await Promise.all([...writers, ...readers]);

    expect(replayed.code).toBe(0);
    expect(replayed.json).toMatchObject({ state: 'succeeded', phase: 'done' });
    expect(replayed.json.result?.events).toBeGreaterThan(60);
    console.log(
      `${mode}: replay of ${replayed.json.result?.events} events at ${replayed.json.result?.eventsPerSecond}/s ` +
        `(${replayed.json.result?.caughtUp} caught up) with ${writes} writes and ${reads} reads meanwhile`,
    );
    expect(failedReads).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(writes).toBeGreaterThan(0);

    // A dry run rebuilds a copy again, once the writes have been taken in, and compares it row by row.
    const dry = await runOps<ClientIndexRebuildStatus>(system, [
      'replay',
      'client-index',
      '--dry-run',
      '--json',
    ]);
    expect(dry.json.result?.differences).toEqual({ count: 0, shown: [] });
    expect(dry.code).toBe(0);

    // And a damaged row is found.
    await sql.query(
      `UPDATE projector.client_index SET email = 'damaged@example.test'
       WHERE client_id = (SELECT client_id FROM projector.client_index ORDER BY client_id LIMIT 1)`,
    );
    const damaged = await runOps<ClientIndexRebuildStatus>(system, [
      'replay',
      'client-index',
      '--dry-run',
      '--json',
    ]);
    expect(damaged.code).toBe(3);
    expect(damaged.json.result?.differences?.count).toBe(1);
    expect(damaged.json.result?.differences?.shown[0]).toMatchObject({
      kind: 'different',
      fields: ['email'],
      live: { email: 'damaged@example.test' },
    });
    const text = await runOps(system, ['replay', 'client-index', '--dry-run']);
    expect(text.stdout).toContain('damaged@example.test');
    // The replay puts it right.
    expect((await runOps(system, ['replay', 'client-index'])).code).toBe(0);
    expect((await runOps(system, ['replay', 'client-index', '--dry-run'])).code).toBe(0);
  }, 300_000);

  it('sweep: records the expiry of invitations past their time, now', async () => {
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, firstInvitedAt + TTL_MS + 1_000 - Date.now())),
    );
    const swept = await runOps<SweepResult>(system, ['sweep', '--json']);
    expect(swept.code).toBe(0);
    expect(swept.json.expired).toBeGreaterThanOrEqual(1);
    const first = firstInvited!;
    await eventually(async () => {
      const got = await system.api.get<ClientBody>(`/api/v1/clients/${first.id}`, { token: staff.token });
      return got.body.invitation?.status === 'expired' ? true : undefined;
    });
    const stream = await runOps<ClientStream>(system, ['stream', first.id, '--json']);
    expect(stream.json.events.at(-1)).toMatchObject({
      type: 'ClientInvitationExpired',
      actor: 'system:invitation-expiry-sweep',
    });
  }, 120_000);

  it('--help on every command; nothing of it on the public HTTP port', async () => {
    const forwarded = await system.api.post('/ops', { subject: 'ops.invitation.sweep', body: {} });
    expect(forwarded.status).toBe(404);
    for (const command of [
      [],
      ['replay'],
      ['stream'],
      ['lag'],
      ['sweep'],
      ['dead-letters'],
      ['dead-letters', 'list'],
      ['dead-letters', 'show'],
      ['dead-letters', 'redrive'],
      ['dead-letters', 'drop'],
    ]) {
      const help = await runOps(system, [...command, '--help']);
      expect([command, help.code]).toEqual([command, 0]);
      expect(help.stdout).toContain('Usage: ops');
    }
  });
});

/** Makes every new invitation's insert fail in the invitation service's schema (or stops it). */
async function failInvitations(sql: Client, on: boolean): Promise<void> {
  if (on) {
    await sql.query(`CREATE OR REPLACE FUNCTION invitation.ops_e2e_fault() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
    await sql.query(`CREATE OR REPLACE TRIGGER ops_e2e_fault BEFORE INSERT ON invitation.invitations
      FOR EACH ROW EXECUTE FUNCTION invitation.ops_e2e_fault()`);
  } else await sql.query('DROP TRIGGER IF EXISTS ops_e2e_fault ON invitation.invitations');
}

async function invitationMails(system: RunningSystem, to: string): Promise<number> {
  return (await system.mailbox.all()).filter((mail) => mail.to === to && /invit/i.test(mail.subject)).length;
}
