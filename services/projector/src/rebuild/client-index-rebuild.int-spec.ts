import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Actor,
  type ClientRecord,
  type ClientIndexRebuildStatus,
  type ClientRecordPage,
  type ClientProfileInput,
  type ClientWriteResult,
  type HistoryEntryDto,
  type MailDelivery,
  type ReadEventsResult,
  type RequestMeta,
  DurableSubject,
  RequestSubject,
} from '@studio/contracts';
import { createEventStore, eventStoreOn } from '@studio/event-store';
// The rebuild replays the registry's event store over the bus: it is tested against the registry itself.
// eslint-disable-next-line @nx/enforce-module-boundaries -- a test may run two services; their code may not.
import { clientRegistryService } from '@studio/service-client-registry';
import { type InProcessSystem, startInProcess } from '@studio/service-kit';
import { createDatabase, PgliteDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { projectorService } from '../index';

const STUDIO_A = 'studio-a';
const STUDIO_B = 'studio-b';
const staffOf = (studioId: string): Actor => ({ kind: 'staff', id: `staff-${studioId}`, studioId });

/** The registry and the projector in process, driven through requests and delivery reports. */
class Harness {
  /** Every client written, with the version the projector must reach. */
  readonly written = new Map<string, { studioId: string; version: number }>();

  constructor(
    readonly system: InProcessSystem,
    /** The projector's own database. */
    readonly db: SqlDatabase,
  ) {}

  request<V>(subject: string, body: unknown, studioId = STUDIO_A): Promise<V> {
    return this.system.hub.request<V>(subject, body, { actor: staffOf(studioId) });
  }

  async write<B extends { studioId: string }>(subject: string, body: B): Promise<ClientRecord> {
    const { client } = await this.request<ClientWriteResult>(subject, body, body.studioId);
    this.written.set(client.id, { studioId: body.studioId, version: client.version });
    return client;
  }

  add(studioId: string, profile: Partial<ClientProfileInput>, invite = false): Promise<ClientRecord> {
    return this.write(RequestSubject.addClient, {
      studioId,
      profile: {
        firstName: 'Ana',
        lastName: 'Silva',
        email: `${randomUUID().slice(0, 8)}@example.com`,
        ...profile,
      },
      invite: invite ? { message: 'Welcome' } : null,
    });
  }

  async invitationOf(client: ClientRecord, studioId = STUDIO_A): Promise<string> {
    const { events } = await this.request<{ events: HistoryEntryDto[] }>(
      RequestSubject.clientHistory,
      { studioId, clientId: client.id },
      studioId,
    );
    const invited = events.filter((e) => e.type === 'ClientInvited' || e.type === 'ClientInvitationResent');
    return String(invited.at(-1)?.data.invitationId);
  }

  async deliver(client: ClientRecord, status: MailDelivery['status'], studioId = STUDIO_A): Promise<void> {
    const report: MailDelivery = {
      key: randomUUID(),
      template: 'invitation',
      studioId,
      clientId: client.id,
      invitationId: await this.invitationOf(client, studioId),
      status,
      attempts: 1,
      at: new Date().toISOString(),
    };
    await this.system.bus.publish(DurableSubject.mailDelivery, report, { msgId: report.key });
  }

  get(clientId: string, studioId = STUDIO_A, minVersion?: number): Promise<ClientRecord> {
    return this.request<ClientRecord>(RequestSubject.getClient, {
      studioId,
      clientId,
      ...(minVersion === undefined ? {} : { minVersion }),
    });
  }

  list(studioId: string): Promise<ClientRecordPage> {
    return this.request<ClientRecordPage>(RequestSubject.listClients, {
      studioId,
      sort: 'lastName',
      limit: 100,
    });
  }

  /** Waits until the live index has every client at its written version. */
  async caughtUp(): Promise<void> {
    for (const [clientId, { studioId, version }] of this.written)
      expect((await this.get(clientId, studioId, version)).version).toBe(version);
  }

  /** The index as a whole: every row and column, and what the API answers for each studio. */
  async snapshot(): Promise<unknown> {
    const { rows } = await this.db.query('SELECT * FROM client_index ORDER BY client_id');
    return { rows, a: await this.list(STUDIO_A), b: await this.list(STUDIO_B) };
  }

  async indexNames(): Promise<string[]> {
    const { rows } = await this.db.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE 'client_index%'
       ORDER BY indexname`,
    );
    return rows.map((row) => row.indexname);
  }

  startRebuild(pageSize?: number): Promise<ClientIndexRebuildStatus> {
    return this.system.hub.request(
      RequestSubject.rebuildClientIndex,
      pageSize === undefined ? {} : { pageSize },
    );
  }

  async finished(rebuildId: string): Promise<ClientIndexRebuildStatus> {
    const until = Date.now() + 20_000;
    for (;;) {
      const status = await this.system.hub.request<ClientIndexRebuildStatus>(
        RequestSubject.clientIndexRebuildStatus,
        { rebuildId },
      );
      if (status.state !== 'running') return status;
      if (Date.now() > until) throw new Error(`rebuild ${rebuildId} still running`);
      await sleep(25);
    }
  }

  async rebuild(pageSize?: number): Promise<ClientIndexRebuildStatus> {
    return this.finished((await this.startRebuild(pageSize)).rebuildId);
  }

  /** Studio A: names, accesses, tags, deliveries and a deactivation; studio B: two; and a staff reservation. */
  async seed(): Promise<Record<string, ClientRecord>> {
    const ana = await this.add(STUDIO_A, { firstName: 'Ana', lastName: 'Silva', tags: ['VIP'] });
    const bruno = await this.add(
      STUDIO_A,
      { firstName: 'Bruno', lastName: 'Costa', type: 'Commercial' },
      true,
    );
    const carla = await this.add(
      STUDIO_A,
      { firstName: 'Carla', lastName: 'Silveira', source: 'Instagram' },
      true,
    );
    const duarte = await this.add(STUDIO_A, { firstName: 'Duarte', lastName: 'Almeida' }, true);
    const eva = await this.add(STUDIO_A, { firstName: 'Éva', lastName: 'Silva' }, true);
    const filipa = await this.add(STUDIO_A, { firstName: 'Filipa', lastName: 'Reis' });
    const foreign = await this.add(STUDIO_B, { firstName: 'Ana', lastName: 'Silva' }, true);
    const other = await this.add(STUDIO_B, { firstName: 'Rui', lastName: 'Lopes' });
    await this.write(RequestSubject.updateClient, {
      studioId: STUDIO_A,
      clientId: ana.id,
      profile: { tags: ['VIP', 'Kitchen'], phone: '+351 912 345 678' },
      expectedVersion: null,
    });
    await this.write(RequestSubject.acceptInvitation, {
      studioId: STUDIO_A,
      clientId: duarte.id,
      invitationId: await this.invitationOf(duarte),
    });
    await this.write(RequestSubject.deactivateClient, { studioId: STUDIO_A, clientId: eva.id });
    await this.write(RequestSubject.resendInvitation, { studioId: STUDIO_A, clientId: carla.id });
    await this.request(RequestSubject.reserveStaffEmail, {
      studioId: STUDIO_A,
      staffId: 'staff-9',
      email: `staff-${randomUUID().slice(0, 8)}@example.com`,
    });
    await this.caughtUp();
    await this.deliver(bruno, 'sent');
    await this.deliver(carla, 'failed');
    await this.deliver(foreign, 'sent', STUDIO_B);
    await waitFor(async () => (await this.get(carla.id)).invitation?.delivery === 'failed');
    await waitFor(async () => (await this.get(foreign.id, STUDIO_B)).invitation?.delivery === 'sent');
    expect((await this.get(bruno.id)).invitation?.delivery).toBe('sent');
    return { ana, bruno, carla, duarte, eva, filipa, foreign, other };
  }
}

describe('projector: rebuilding the client index (PostgreSQL)', () => {
  let h: Harness;
  let clients: Record<string, ClientRecord>;
  let drop: () => Promise<void>;
  const dbs = new Map<string, SqlDatabase>();

  beforeAll(async () => {
    const fresh = await freshDatabase('projector_rebuild');
    drop = fresh.drop;
    const system = await startInProcess([clientRegistryService, projectorService], {
      env: {},
      databaseFor: async (name) => {
        const db = await createDatabase(fresh.url, { schema: name.replace(/-/g, '_') });
        dbs.set(name, db);
        return db;
      },
      openEventStore: () => createEventStore(fresh.url),
    });
    h = new Harness(system, dbs.get('projector')!);
    clients = await h.seed();
  });

  afterAll(async () => {
    await h.system.stop();
    await Promise.all([...dbs.values()].map((db) => db.close()));
    await drop();
  });

  it('rebuilds a damaged index from the first event to what it was: rows, versions, counts; deliveries kept', async () => {
    const before = await h.snapshot();
    const indexes = await h.indexNames();
    await h.db.query('DELETE FROM client_index WHERE studio_id = $1 OR client_id = $2', [
      STUDIO_B,
      clients.bruno!.id,
    ]);
    await h.db.query("UPDATE client_index SET first_name_lc = 'broken', version = 0");
    expect(await h.snapshot()).not.toEqual(before);

    const status = await h.rebuild(3);

    expect(status).toMatchObject({ state: 'succeeded', phase: 'done', error: null });
    // 8 adds (5 with an invitation), 4 changes, 1 staff reservation: 18 events, over pages of 3.
    expect(status.result).toMatchObject({ events: 18, clients: 8, caughtUp: 0 });
    expect(status.result!.durationMs).toBeGreaterThanOrEqual(0);
    expect(await h.snapshot()).toEqual(before);
    expect((await h.get(clients.carla!.id)).invitation?.delivery).toBe('failed');
    expect(await h.indexNames()).toEqual(indexes);
    const { rows } = await h.db.query<{ name: string }>('SELECT name FROM projector_checkpoint');
    expect(rows.map((row) => row.name)).toEqual(['client-index']);
  });

  it('answers reads from the live index throughout, and keeps what is written during the rebuild', async () => {
    const hub = h.system.hub;
    const request = hub.request.bind(hub);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let built!: () => void;
    const copyBuilt = new Promise<void>((resolve) => (built = resolve));
    let held = false;
    // Holds the rebuild once its copy is complete (the first empty page), before the swap.
    const spy = jest
      .spyOn(hub, 'request')
      .mockImplementation(
        async <V>(subject: string, body: unknown, meta?: Partial<RequestMeta>): Promise<V> => {
          const value = await request<V>(subject, body, meta);
          if (
            subject === RequestSubject.readEvents &&
            !held &&
            (value as ReadEventsResult).events.length === 0
          ) {
            held = true;
            built();
            await released;
          }
          return value;
        },
      );
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        expect((await h.list(STUDIO_A)).items.length).toBeGreaterThanOrEqual(6);
        reads += 1;
        await sleep(5);
      }
    })();
    try {
      const started = await h.startRebuild(4);
      expect(started).toMatchObject({ state: 'running', phase: 'building', result: null });
      await copyBuilt;

      await expect(h.startRebuild()).rejects.toMatchObject({ problem: { code: 'conflict' } });
      expect(await h.system.hub.request(RequestSubject.clientIndexRebuildStatus, {})).toMatchObject({
        rebuildId: started.rebuildId,
        state: 'running',
      });
      // Written while the copy waits to be swapped in: only the live index has it.
      const late = await h.add(STUDIO_A, { firstName: 'Gil', lastName: 'Late' }, true);
      await h.write(RequestSubject.updateClient, {
        studioId: STUDIO_A,
        clientId: clients.filipa!.id,
        profile: { firstName: 'Filipa Maria' },
        expectedVersion: null,
      });
      await h.deliver(clients.bruno!, 'failed');
      await h.caughtUp();
      await waitFor(async () => (await h.get(clients.bruno!.id)).invitation?.delivery === 'failed');
      expect(await h.get(late.id)).toMatchObject({ firstName: 'Gil', access: 'Invited' });
      const live = await h.snapshot();

      release();
      const status = await h.finished(started.rebuildId);

      expect(status).toMatchObject({ state: 'succeeded', result: { clients: 8, caughtUp: 3 } });
      expect(await h.snapshot()).toEqual(live);
      expect(await h.get(late.id)).toMatchObject({
        firstName: 'Gil',
        version: 1,
        invitation: { delivery: 'pending' },
      });
      expect(await h.get(clients.filipa!.id)).toMatchObject({ firstName: 'Filipa Maria', version: 1 });
      expect((await h.get(clients.bruno!.id)).invitation?.delivery).toBe('failed');
    } finally {
      release();
      reading = false;
      await reader;
      spy.mockRestore();
    }
    expect(reads).toBeGreaterThan(0);
  });

  it('refuses a page size out of range', async () => {
    await expect(h.startRebuild(0)).rejects.toMatchObject({
      problem: { code: 'validation-failed', errors: [{ field: 'pageSize' }] },
    });
  });
});

// The embedded mode: PGlite for the documents and the event store, one connection for everything.
describe('projector: rebuilding the client index (PGlite, embedded)', () => {
  let h: Harness;
  let local: PgliteDatabase;

  beforeAll(async () => {
    local = await PgliteDatabase.open();
    let projectorDb: SqlDatabase | undefined;
    const system = await startInProcess([clientRegistryService, projectorService], {
      env: {},
      databaseFor: async (name) => {
        const db = local.scoped(name.replace(/-/g, '_'));
        if (name === 'projector') projectorDb = db;
        return db;
      },
      openEventStore: async () => eventStoreOn(local.scoped('event_store')),
    });
    h = new Harness(system, projectorDb!);
    await h.seed();
  });

  afterAll(async () => {
    await h.system.stop();
    await local.close();
  });

  it('rebuilds a damaged index to what it was', async () => {
    const before = await h.snapshot();
    const indexes = await h.indexNames();
    await h.db.query("DELETE FROM client_index WHERE first_name_lc <> 'ana'");

    const status = await h.rebuild();

    expect(status).toMatchObject({ state: 'succeeded', result: { events: 18, clients: 8 } });
    expect(await h.snapshot()).toEqual(before);
    expect(await h.indexNames()).toEqual(indexes);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out');
    await sleep(20);
  }
}
