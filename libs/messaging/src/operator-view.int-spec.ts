import { randomBytes } from 'node:crypto';
import { createDatabase, migrate, PgliteDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { type DeadLetter, deadLetterMigrations, SqlDeadLetterStore } from './dead-letter.store';
import type { DurableBus } from './durable-bus.port';
import { InProcessBus } from './in-process.bus';
import { JetStreamBus } from './jetstream.bus';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const aLetter = (overrides: Partial<DeadLetter['message']> = {}): DeadLetter => ({
  consumer: 'invitation.events_client_',
  error: 'boom',
  message: {
    id: `m-${randomBytes(4).toString('hex')}`,
    subject: 'events.client.ClientInvited',
    data: { clientId: 'c1' },
    headers: { 'x-correlation-id': 'corr-1' },
    deliveryCount: 3,
    key: 'client-c1',
    sequence: 1,
    ...overrides,
  },
});

const DATABASES: Record<string, () => Promise<{ db: SqlDatabase; close: () => Promise<void> }>> = {
  PostgreSQL: async () => {
    const fresh = await freshDatabase('dead_letters');
    const db = await createDatabase(fresh.url, { schema: 'invitation' });
    return { db, close: async () => (await db.close(), await fresh.drop()) };
  },
  'PGlite (embedded)': async () => {
    const local = await PgliteDatabase.open();
    return { db: local.scoped('invitation'), close: () => local.close() };
  },
};

describe.each(Object.keys(DATABASES))('the dead-letter store (%s)', (name) => {
  let db: SqlDatabase;
  let close: () => Promise<void>;
  let store: SqlDeadLetterStore;

  beforeAll(async () => {
    ({ db, close } = await DATABASES[name]!());
    await migrate(db, 'dead-letters', deadLetterMigrations);
    store = new SqlDeadLetterStore(db, 'invitation');
  });
  afterAll(() => close());

  it('keeps a letter once, hands its message back, and records every action', async () => {
    const letter = aLetter();
    await store.record(letter);
    await store.record(letter);
    const [listed, ...more] = (await store.list()).filter((each) => each.messageId === letter.message.id);
    expect(more).toEqual([]);
    expect(listed).toMatchObject({
      service: 'invitation',
      key: 'client-c1',
      sequence: 1,
      deliveries: 3,
      state: 'dead',
    });
    expect(await store.message(listed!.id)).toEqual({
      consumer: letter.consumer,
      message: { ...letter.message, deliveryCount: 1 },
    });

    await store.redriveFailed(listed!.id, 'operator:ana', 'still failing');
    expect(await store.settle(listed!.id, 'redriven', 'operator:ana')).toBe(true);
    expect(await store.settle(listed!.id, 'dropped', 'operator:rui')).toBe(false);
    expect(await store.message(listed!.id)).toBeUndefined();
    expect((await store.list()).map((each) => each.id)).not.toContain(listed!.id);
    const shown = await store.get(listed!.id);
    expect(shown?.state).toBe('redriven');
    expect(shown?.actions.map((action) => [action.action, action.outcome, action.by])).toEqual([
      ['recorded', 'ok', letter.consumer],
      ['redrive', 'failed', 'operator:ana'],
      ['redrive', 'ok', 'operator:ana'],
    ]);
    // Dead again later: a new letter.
    await store.record(letter);
    expect((await store.list()).filter((each) => each.messageId === letter.message.id)).toHaveLength(1);
  });
});

const BUSES: Record<string, () => Promise<DurableBus>> = {
  'in process': async () => new InProcessBus(),
  JetStream: () =>
    JetStreamBus.connect({ url: NATS_URL }, `test_${randomBytes(4).toString('hex')}`, 'standings-test'),
};

describe.each(Object.keys(BUSES))('how consumers stand, for operators (%s)', (name) => {
  it('counts what is pending and in hand, and says since when the oldest waits', async () => {
    const bus = await BUSES[name]!();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      await bus.consume('svc.slow', 'events.client.>', () => held, { concurrency: 1 });
      await bus.consume('other.fast', 'events.client.>', async () => undefined);
      const before = Date.now() - 1_000;
      // In process, publish resolves once handled: leave them in flight.
      const published = [1, 2, 3].map((i) =>
        bus.publish('events.client.X', { i }, { msgId: `m${i}-${randomBytes(4).toString('hex')}` }),
      );
      if (name === 'JetStream') await Promise.all(published);
      await new Promise((resolve) => setTimeout(resolve, 300));

      const [slow, ...others] = await bus.standings('svc.');
      expect(others).toEqual([]);
      expect(slow?.consumer).toBe('svc.slow');
      expect((slow?.pending ?? 0) + (slow?.inFlight ?? 0)).toBeGreaterThanOrEqual(
        name === 'JetStream' ? 3 : 1,
      );
      expect(Date.parse(slow?.oldestUnprocessedAt ?? '')).toBeGreaterThanOrEqual(before);

      release();
      await Promise.all(published);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [done] = await bus.standings('svc.');
      expect(done).toMatchObject({ pending: 0, inFlight: 0, oldestUnprocessedAt: null });
    } finally {
      release();
      await bus.close();
    }
  });
});
