import { randomUUID } from 'node:crypto';
import { createEventStore, type EventStore } from '@studio/event-store';
import { createDatabase, migrate, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import type { DurableMessage } from './durable-bus.port';
import { eventually } from './durable-bus.contract';
import { EventStorePublisher, publisherCheckpointMigration } from './event-store.publisher';
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
    await migrate(db, 'registry', [Lease.migration, publisherCheckpointMigration]);
  });
  afterAll(async () => {
    await store.close();
    await db.close();
    await drop();
  });

  const startPublisher = (bus: InProcessBus, holder: string) => {
    const publisher = new EventStorePublisher(
      store,
      db,
      bus,
      new Lease(db, 'event-publisher', holder),
      'client-events',
      20,
    );
    publisher.start();
    return publisher;
  };

  it('publishes every event in the global order, on its stream category, and resumes after its checkpoint', async () => {
    const bus = new InProcessBus();
    const seen: DurableMessage[] = [];
    await bus.consume('all', 'events.>', async (m) => void seen.push(m));
    await store.append('client-a', [anEvent(), anEvent('ClientInvited')], { expectedVersion: 'no-stream' });
    await store.append('staff-b', [anEvent('StaffEmailReserved')], { expectedVersion: 'no-stream' });

    const first = startPublisher(bus, 'one');
    await eventually(() => seen.length === 3);
    await first.stop();
    expect(seen.map((m) => m.subject)).toEqual([
      'events.client.ClientAdded',
      'events.client.ClientInvited',
      'events.staff.StaffEmailReserved',
    ]);
    expect(seen[0]!.headers).toMatchObject({ 'x-correlation-id': 'c-1' });

    await store.append('client-a', [anEvent('ClientDeactivated')], { expectedVersion: 1 });
    const second = startPublisher(bus, 'two');
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
    const blocked = startPublisher(bus, 'three');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([]);
    await holder.release();
    await eventually(() => seen.length === 1);
    await blocked.stop();
  });
});
