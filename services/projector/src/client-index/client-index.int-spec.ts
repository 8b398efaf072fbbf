import {
  type ClientRecord,
  type ClientRecordPage,
  type ListClientsBody,
  type MailDelivery,
  type PublishedEvent,
  DurableSubject,
  RequestSubject,
  clientEventSubject,
} from '@studio/contracts';
import { type InProcessSystem, startInProcess } from '@studio/service-kit';
import { createDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { projectorService } from '../index';
import { aClientStream, aMailDelivery, type ClientStreamBuilder } from '../testing/published-events.builders';

const STUDIO = 'studio-a';
const OTHER_STUDIO = 'studio-b';

describe('projector: the client index', () => {
  let system: InProcessSystem;
  let db: SqlDatabase;
  let drop: () => Promise<void>;

  const publish = (event: PublishedEvent) =>
    system.bus.publish(clientEventSubject(event.type), event, { msgId: event.id });
  const publishAll = async (...events: PublishedEvent[]) => {
    for (const event of events) await publish(event);
  };
  const deliver = (report: MailDelivery) =>
    system.bus.publish(DurableSubject.mailDelivery, report, { msgId: report.key });
  const get = (clientId: string, studioId = STUDIO, minVersion?: number) =>
    system.hub.request<ClientRecord>(RequestSubject.getClient, {
      studioId,
      clientId,
      ...(minVersion === undefined ? {} : { minVersion }),
    });
  const list = (query: Partial<ListClientsBody> = {}) =>
    system.hub.request<ClientRecordPage>(RequestSubject.listClients, {
      studioId: STUDIO,
      sort: 'lastName',
      limit: 25,
      ...query,
    });
  const checkpoint = async () =>
    (
      await db.query<{ events: string; position: string }>(
        'SELECT events, position FROM projector_checkpoint',
      )
    ).rows[0];

  // Studio A: five clients with distinct names, accesses and labels; studio B: one that must never show.
  const clients: Record<string, ClientStreamBuilder> = {};

  beforeAll(async () => {
    const fresh = await freshDatabase('projector');
    drop = fresh.drop;
    system = await startInProcess([projectorService], {
      env: {},
      databaseFor: async (name) => (db = await createDatabase(fresh.url, { schema: name })),
      openEventStore: () => Promise.reject(new Error('the projector does not open the event store')),
    });
    const seed: [string, Parameters<typeof aClientStream>[1], string][] = [
      [
        'ana',
        { firstName: 'Ana', lastName: 'Silva', email: 'ana@example.com', type: 'Residential', tags: ['VIP'] },
        '2025-03-01T09:00:00.000Z',
      ],
      [
        'bruno',
        {
          firstName: 'Bruno',
          lastName: 'Costa',
          email: 'bruno@studio.pt',
          type: 'Commercial',
          source: 'Referral',
        },
        '2025-03-02T09:00:00.000Z',
      ],
      [
        'carla',
        {
          firstName: 'Carla',
          lastName: 'Silveira',
          email: 'carla@example.com',
          source: 'Instagram',
          tags: ['vip', 'Kitchen'],
        },
        '2025-03-03T09:00:00.000Z',
      ],
      [
        'duarte',
        { firstName: 'Duarte', lastName: 'Almeida', email: 'duarte@example.com', type: 'Residential' },
        '2025-03-04T09:00:00.000Z',
      ],
      ['eva', { firstName: 'Éva', lastName: 'Silva', email: 'eva@example.com' }, '2025-03-05T09:00:00.000Z'],
    ];
    for (const [name, profile, at] of seed) {
      clients[name] = aClientStream(STUDIO, profile);
      await publish(clients[name].added(at));
    }
    await publishAll(
      clients.bruno!.invited('inv-b1'),
      clients.carla!.invited('inv-c1'),
      clients.carla!.activated('inv-c1'),
    );
    clients.foreign = aClientStream(OTHER_STUDIO, {
      firstName: 'Ana',
      lastName: 'Silva',
      email: 'ana@example.com',
    });
    await publish(clients.foreign.added());
  });

  afterAll(async () => {
    await system.stop();
    await db.close();
    await drop();
  });

  const idsOf = (page: ClientRecordPage) => page.items.map((item) => item.id);
  const id = (name: string) => clients[name]!.clientId;

  it('answers one client, and another studio’s as not found', async () => {
    expect(await get(id('carla'))).toMatchObject({
      firstName: 'Carla',
      access: 'Active',
      invitation: null,
      version: 2,
    });
    expect(await get(id('bruno'))).toMatchObject({
      access: 'Invited',
      invitation: { status: 'pending', delivery: 'pending' },
    });
    await expect(get(id('foreign'))).rejects.toMatchObject({ problem: { code: 'client-not-found' } });
    await expect(get('nobody')).rejects.toMatchObject({ problem: { code: 'client-not-found' } });
  });

  it('q matches the start of first, last, full name or email, case-insensitively', async () => {
    // Silva (Ana, Éva: tied, by id), then Silveira.
    expect(idsOf(await list({ q: 'SIL' }))).toEqual([...[id('ana'), id('eva')].sort(), id('carla')]);
    expect(idsOf(await list({ q: 'ana s' }))).toEqual([id('ana')]);
    expect(idsOf(await list({ q: 'bruno@' }))).toEqual([id('bruno')]);
    expect(idsOf(await list({ q: 'éva' }))).toEqual([id('eva')]);
    expect(idsOf(await list({ q: 'lva' }))).toEqual([]);
    expect(idsOf(await list({ q: '%' }))).toEqual([]);
  });

  it('searches under every sort (found by the fuzz suite: a 500 for q with firstName or createdAt)', async () => {
    for (const sort of ['firstName', 'createdAt', '-createdAt'] as const)
      expect(idsOf(await list({ q: 'ana s', sort }))).toEqual([id('ana')]);
  });

  it('filters by access, type, source and tag; counts cover the whole studio', async () => {
    const invited = await list({ access: 'Invited' });
    expect(idsOf(invited)).toEqual([id('bruno')]);
    expect(invited.counts).toEqual({ Inactive: 3, Invited: 1, Active: 1 });
    expect(new Set(idsOf(await list({ type: 'residential' })))).toEqual(new Set([id('ana'), id('duarte')]));
    expect(idsOf(await list({ source: 'Instagram' }))).toEqual([id('carla')]);
    expect(new Set(idsOf(await list({ tag: 'VIP' })))).toEqual(new Set([id('ana'), id('carla')]));
  });

  it('sorts, and walks pages by cursor without gaps or repeats', async () => {
    expect(idsOf(await list({ sort: '-createdAt' }))).toEqual(
      ['eva', 'duarte', 'carla', 'bruno', 'ana'].map(id),
    );
    expect(idsOf(await list({ sort: 'firstName' }))).toEqual(
      ['ana', 'bruno', 'carla', 'duarte', 'eva'].map(id),
    );
    expect(idsOf(await list({ sort: 'email' }))[0]).toBe(id('ana'));
    for (const sort of ['lastName', '-lastName', 'createdAt', '-createdAt'] as const) {
      const all = idsOf(await list({ sort }));
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ sort, limit: 2, ...(cursor ? { cursor } : {}) });
        walked.push(...idsOf(page));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(walked).toEqual(all);
    }
    expect(idsOf(await list({ sort: 'lastName' }))[0]).toBe(id('duarte'));
  });

  it('refuses a malformed cursor, or one of another sort, naming the field', async () => {
    const page = await list({ sort: 'lastName', limit: 1 });
    for (const cursor of ['not-a-cursor', Buffer.from('[1]').toString('base64url'), page.nextCursor!]) {
      await expect(list({ sort: 'email', cursor })).rejects.toMatchObject({
        problem: { code: 'validation-failed', errors: [{ field: 'cursor' }] },
      });
    }
  });

  it('applies a redelivered or older event once, row and checkpoint together', async () => {
    const client = aClientStream(STUDIO, { lastName: 'Zeta' });
    const added = client.added();
    const renamed = client.updated({ firstName: 'Zoe' });
    await publishAll(added, renamed);
    const before = await checkpoint();
    expect(before?.position).toBe(renamed.position);
    await publishAll(renamed, added);
    // Staff reservations share the client-events subjects; they are not clients.
    await publish({
      ...added,
      id: 'staff-event',
      type: 'StaffEmailReserved',
      streamId: 'staff-1',
      streamVersion: 0,
    });
    expect(await checkpoint()).toEqual(before);
    expect(await get(client.clientId)).toMatchObject({ firstName: 'Zoe', version: 1 });
  });

  it('shows the delivery of the current invitation only, even when reported before the event', async () => {
    const client = aClientStream(STUDIO, { lastName: 'Mail' });
    await publishAll(client.added(), client.invited('inv-1'));
    await deliver(
      aMailDelivery({ studioId: STUDIO, clientId: client.clientId, invitationId: 'inv-1', status: 'failed' }),
    );
    expect((await get(client.clientId)).invitation?.delivery).toBe('failed');
    await deliver(
      aMailDelivery({ studioId: STUDIO, clientId: client.clientId, invitationId: 'inv-2', status: 'sent' }),
    );
    expect((await get(client.clientId)).invitation?.delivery).toBe('failed');
    await publish(client.resent('inv-2', 'inv-1'));
    expect((await get(client.clientId)).invitation?.delivery).toBe('sent');
    await deliver(
      aMailDelivery({
        studioId: OTHER_STUDIO,
        clientId: client.clientId,
        invitationId: 'inv-2',
        status: 'failed',
      }),
    );
    expect((await get(client.clientId)).invitation?.delivery).toBe('sent');
  });

  it('waits for minVersion / after before answering (read your writes)', async () => {
    const client = aClientStream(STUDIO, { lastName: 'Later' });
    await publish(client.added());
    const renamed = client.updated({ firstName: 'Lia' });
    setTimeout(() => void publish(renamed), 150);
    expect(await get(client.clientId, STUDIO, 1)).toMatchObject({ firstName: 'Lia', version: 1 });
    const retagged = client.updated({ tags: ['New'] });
    setTimeout(() => void publish(retagged), 150);
    const page = await list({ tag: 'new', after: { clientId: client.clientId, version: 2 } });
    expect(idsOf(page)).toEqual([client.clientId]);
  });
});
