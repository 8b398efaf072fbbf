import { type ClientWriteResult, type ReadEventsResult, RequestSubject } from '@studio/contracts';
import { createEventStore } from '@studio/event-store';
import { type InProcessSystem, startInProcess } from '@studio/service-kit';
import { createDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { clientRegistryService } from '../index';
import { anAddClientBody, STAFF_A } from '../testing/registry.builders';

describe('client-registry: reading the event store', () => {
  let system: InProcessSystem;
  let db: SqlDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase('registry_events');
    drop = fresh.drop;
    system = await startInProcess([clientRegistryService], {
      env: {},
      databaseFor: async (name) =>
        (db = await createDatabase(fresh.url, { schema: name.replace(/-/g, '_') })),
      openEventStore: () => createEventStore(fresh.url),
    });
  });

  afterAll(async () => {
    await system.stop();
    await db.close();
    await drop();
  });

  const read = (from: string, limit: number) =>
    system.hub.request<ReadEventsResult>(RequestSubject.readEvents, { from, limit });
  const add = (invite: boolean) =>
    system.hub.request<ClientWriteResult>(
      RequestSubject.addClient,
      anAddClientBody({ invite: invite ? { message: null } : null }),
      { actor: STAFF_A },
    );

  it('pages through every event in the global order, as published events', async () => {
    const first = await add(true);
    const second = await add(false);
    const all = [];
    let from = '0';
    // A reader sees an event once every transaction older than it has ended (ADR 0001): the publisher's own
    // may still be running for a moment, so read until the three are there.
    for (let attempt = 0; all.length < 3 && attempt < 100; attempt++) {
      const page = await read(from, 2);
      expect(page.events.length).toBeLessThanOrEqual(2);
      if (page.events.length === 0) {
        expect(page.next).toBe(from);
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      all.push(...page.events);
      from = page.next;
    }
    expect((await read(from, 2)).events).toEqual([]);
    expect(all.map((e) => [e.streamId, e.streamVersion, e.type])).toEqual([
      [`client-${first.client.id}`, 0, 'ClientAdded'],
      [`client-${first.client.id}`, 1, 'ClientInvited'],
      [`client-${second.client.id}`, 0, 'ClientAdded'],
    ]);
    expect(all.at(-1)).toMatchObject({ position: second.position, recordedAt: expect.any(String) });
  });

  it('refuses a limit out of 1..1000 and a position it did not hand out', async () => {
    for (const [from, limit, field] of [
      ['0', 0, 'limit'],
      ['0', 1001, 'limit'],
      ['0', 1.5, 'limit'],
      ['not-a-position', 10, 'from'],
      ['', 10, 'from'],
    ] as const) {
      await expect(read(from, limit)).rejects.toMatchObject({
        problem: { code: 'validation-failed', errors: [{ field }] },
      });
    }
  });
});
