import { randomUUID } from 'node:crypto';
import { createEventStore, type EventStore } from '@studio/event-store';
import { createDatabase, migrate, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import type { DurableMessage } from './durable-bus.port';
import { eventually } from './durable-bus.contract';
import { EventStorePublisher } from './event-store.publisher';
import { messagingMigrations } from './messaging.migrations';
import { InProcessBus } from './in-process.bus';
import { Lease } from './lease';

const anEvent = (type = 'ClientAdded') => ({
  id: randomUUID(),
  type,
  data: { n: 1 },
  metadata: { correlationId: 'c-1' },
});

describe('EventStorePublisher', () => {
  let store: EventStore;
  let db: SqlDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase('publisher');
    drop = fresh.drop;
    store = await createEventStore(fresh.url);
    await store.migrate();
    db = await createDatabase(fresh.url, { schema: 'registry' });
    await migrate(db, 'messaging', messagingMigrations);
  });
  afterAll(async () => {
    await store.close();
    await db.close();
    await drop();
  });

  const startPublisher = async (bus: InProcessBus, holder: string, pollMs = 20) => {
    const publisher = new EventStorePublisher(store, db, bus, new Lease(db, 'event-publisher', holder), {
      pollMs,
    });
    await publisher.start();
    return publisher;
  };

  it('publishes every event, each stream in order, on its stream category, and resumes after its checkpoint', async () => {
    const bus = new InProcessBus();
    const seen: DurableMessage[] = [];
    await bus.consume('all', 'events.>', async (m) => void seen.push(m));
    await store.append('client-a', [anEvent(), anEvent('ClientInvited')], { expectedVersion: 'no-stream' });
    await store.append('staff-b', [anEvent('StaffEmailReserved')], { expectedVersion: 'no-stream' });

    const first = await startPublisher(bus, 'one');
    await eventually(() => seen.length === 3);
    await first.stop();
    // Different streams go on different lanes: the order holds within a stream.
    const byKey = [...seen].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
    expect(byKey.map((m) => [m.subject, m.key, m.sequence])).toEqual([
      ['events.client.ClientAdded', 'client-a', 0],
      ['events.client.ClientInvited', 'client-a', 1],
      ['events.staff.StaffEmailReserved', 'staff-b', 0],
    ]);
    expect(byKey[0]!.headers).toMatchObject({ 'x-correlation-id': 'c-1' });

    await store.append('client-a', [anEvent('ClientDeactivated')], { expectedVersion: 1 });
    const second = await startPublisher(bus, 'two');
    await eventually(() => seen.length === 4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await second.stop();
    expect(seen.map((m) => m.subject).slice(3)).toEqual(['events.client.ClientDeactivated']);
  });

  it('publishes nothing while another holder has the lease', async () => {
    const bus = new InProcessBus();
    const seen: DurableMessage[] = [];
    await bus.consume('all', 'events.>', async (m) => void seen.push(m));
    const holder = new Lease(db, 'event-publisher', 'someone-else', 60_000);
    expect(await holder.acquire()).toBe(true);
    await store.append(`client-${randomUUID()}`, [anEvent()], { expectedVersion: 'no-stream' });
    const blocked = await startPublisher(bus, 'three');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([]);
    await holder.release();
    await eventually(() => seen.length === 1);
    await blocked.stop();
  });

  it('is woken by appends (no polling), and publishes a backlog of many pages, each stream in order', async () => {
    const bus = new InProcessBus();
    const seen: DurableMessage[] = [];
    await bus.consume('all', 'events.>', async (m) => void seen.push(m), { concurrency: 16 });
    const publisher = await startPublisher(bus, 'four', 60_000);
    const before = seen.length;
    const streams = Array.from({ length: 20 }, () => `client-${randomUUID()}`);
    await Promise.all(
      streams.map(async (streamId) => {
        for (let version = 0; version < 60; version++)
          await store.append(streamId, [anEvent()], {
            expectedVersion: version === 0 ? 'no-stream' : version - 1,
          });
      }),
    );
    await eventually(() => seen.length - before === 1200, 20_000);
    await publisher.stop();
    for (const streamId of streams) {
      const versions = seen.filter((m) => m.key === streamId).map((m) => m.sequence);
      expect(versions).toEqual([...Array(60).keys()]);
    }
  });
});
