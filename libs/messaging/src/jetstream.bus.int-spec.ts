import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import { createDatabase, migrate, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { describeDurableBusContract, eventually } from './durable-bus.contract';
import { strandedMessages } from './bus.metrics';
import { JetStreamBus } from './jetstream.bus';
import { durableName } from './jetstream.names';
import { SqlStreamGate, streamGateMigration } from './stream-gate';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const freshPrefix = () => `test_${randomBytes(4).toString('hex')}`;

let db: SqlDatabase;
let drop: () => Promise<void>;
beforeAll(async () => {
  const fresh = await freshDatabase('jetstream_bus');
  drop = fresh.drop;
  db = await createDatabase(fresh.url, { schema: 'gate' });
  await migrate(db, 'gate', [streamGateMigration]);
});
afterAll(async () => {
  await db.close();
  await drop();
});

// Every instance of a scope shares its prefix (the deployment) and the gate (the consuming service's database).
describeDurableBusContract('JetStream', (scope) =>
  JetStreamBus.connect({ url: NATS_URL }, `test_${scope}`, 'contract-test', {
    gate: new SqlStreamGate(db),
    // Small pulls, so two instances share a key's neighbouring messages and ordering is really put to the test.
    maxInFlight: 16,
  }),
);

describe('JetStream bus', () => {
  it('stores a message once however often it is published with the same id', async () => {
    const bus = await JetStreamBus.connect({ url: NATS_URL }, freshPrefix(), 'dedupe-test');
    try {
      const seen: unknown[] = [];
      for (let i = 0; i < 3; i++) await bus.publish('events.client.X', { i }, { msgId: 'same-id' });
      await bus.publish('events.client.X', { i: 'other' }, { msgId: 'other-id' });
      await bus.consume('reader', 'events.client.>', async (m) => void seen.push(m.data));
      await eventually(() => seen.length === 2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toEqual([{ i: 0 }, { i: 'other' }]);
    } finally {
      await bus.close();
    }
  });

  it("keeps a durable consumer's place across restarts: what was published meanwhile arrives, nothing twice", async () => {
    const prefix = freshPrefix();
    const seen: number[] = [];
    const first = await JetStreamBus.connect({ url: NATS_URL }, prefix, 'restart-test');
    const consumption = await first.consume(
      'reader',
      'events.client.>',
      async (m) => void seen.push((m.data as { n: number }).n),
    );
    await first.publish('events.client.X', { n: 1 }, { msgId: 'm-1' });
    await eventually(() => seen.length === 1);
    await consumption.stop();
    await first.publish('events.client.X', { n: 2 }, { msgId: 'm-2' });
    await first.close();

    const second = await JetStreamBus.connect({ url: NATS_URL }, prefix, 'restart-test');
    try {
      await second.consume(
        'reader',
        'events.client.>',
        async (m) => void seen.push((m.data as { n: number }).n),
      );
      await eventually(() => seen.length === 2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toEqual([1, 2]);
    } finally {
      await second.close();
    }
  });

  it('ordered: a message stored ahead of its predecessor (a publisher retry) waits for it', async () => {
    const bus = await JetStreamBus.connect({ url: NATS_URL }, freshPrefix(), 'gap-test', {
      gate: new SqlStreamGate(db),
    });
    try {
      const seen: number[] = [];
      await bus.consume('reader', 'events.client.>', async (m) => void seen.push(m.sequence ?? -1), {
        ordered: true,
      });
      await bus.publish('events.client.X', {}, { msgId: 'g-0', key: 'k', sequence: 0 });
      await bus.publish('events.client.X', {}, { msgId: 'g-2', key: 'k', sequence: 2 });
      await bus.publish('events.client.X', {}, { msgId: 'g-0', key: 'k', sequence: 0 }); // a repeat, dropped
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toEqual([0]);
      await bus.publish('events.client.X', {}, { msgId: 'g-1', key: 'k', sequence: 1 });
      await eventually(() => seen.length === 3);
      expect(seen).toEqual([0, 1, 2]);
    } finally {
      await bus.close();
    }
  });

  it('a message held past the ack wait is not offered again while its handler still works on it', async () => {
    const prefix = freshPrefix();
    const options = { ackWaitMs: 1_500 };
    const [one, other] = await Promise.all([
      JetStreamBus.connect({ url: NATS_URL }, prefix, 'held-test', options),
      JetStreamBus.connect({ url: NATS_URL }, prefix, 'held-test', options),
    ]);
    try {
      let deliveries = 0;
      let done = false;
      // Slower than two ack waits: only the heartbeats keep the server from handing it to the other instance.
      const slowly = async () => {
        deliveries++;
        await new Promise((resolve) => setTimeout(resolve, 4_000));
        done = true;
      };
      await Promise.all([
        one.consume('reader', 'events.client.>', slowly),
        other.consume('reader', 'events.client.>', slowly),
      ]);
      await one.publish('events.client.X', {}, { msgId: 'slow-1' });
      await eventually(() => done, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(deliveries).toBe(1);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });

  it('a work-queue message JetStream lost track of is found in its stream, handled once and removed', async () => {
    const prefix = freshPrefix();
    const bus = await JetStreamBus.connect({ url: NATS_URL }, prefix, 'stranded-test', {
      strandedSweepMs: 100,
    });
    const nc = await connect({ servers: NATS_URL });
    try {
      const jsm = await jetstreamManager(nc);
      const stream = bus.streamName('mail');
      const durable = durableName(prefix, 'mailer');
      // Strand m-1 the way a cluster's lost delivery does: handed out, never acknowledged, never offered again
      // (here: its one delivery spent), and the ack floor moves past it when m-2 is acknowledged.
      await jsm.consumers.add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        max_deliver: 1,
        ack_wait: nanos(300),
        filter_subject: `${prefix}.mail.requests`,
      });
      const raw = await jetstream(nc).consumers.get(stream, durable);
      await bus.publish('mail.requests', { n: 1 }, { msgId: 'm-1', key: 'a' });
      expect((await raw.next({ expires: 2_000 }))?.seq).toBe(1);
      await sleep(1_000);
      await bus.publish('mail.requests', { n: 2 }, { msgId: 'm-2', key: 'b' });
      const second = await raw.next({ expires: 2_000 });
      expect(second?.seq).toBe(2);
      await second?.ackAck();
      const before = (await jsm.consumers.info(stream, durable)).ack_floor.stream_seq;
      expect([before, (await jsm.streams.info(stream)).state.messages]).toEqual([2, 1]);
      const counted = (await strandedMessages.get()).values.find((v) => v.labels.consumer === 'mailer');

      const seen: unknown[] = [];
      await bus.consume('mailer', 'mail.requests', async (m) => void seen.push([m.id, m.key, m.data]));
      await eventually(() => seen.length === 1);
      for (let left = 1; left > 0; await sleep(50)) left = (await jsm.streams.info(stream)).state.messages;
      await sleep(500);
      expect(seen).toEqual([['m-1', 'a', { n: 1 }]]);
      const after = (await strandedMessages.get()).values.find((v) => v.labels.consumer === 'mailer');
      expect((after?.value ?? 0) - (counted?.value ?? 0)).toBe(1);
    } finally {
      await nc.close();
      await bus.close();
    }
  });

  it('a work-queue consumer under load: the sweep takes no message for stranded, each is handled once', async () => {
    const prefix = freshPrefix();
    // Sweeps far more often than in production, so a wrong verdict would have every chance to show.
    const options = { strandedSweepMs: 20 };
    const [one, other] = await Promise.all([
      JetStreamBus.connect({ url: NATS_URL }, prefix, 'sweep-load-test', options),
      JetStreamBus.connect({ url: NATS_URL }, prefix, 'sweep-load-test', options),
    ]);
    const strandedSoFar = async () =>
      (await strandedMessages.get()).values.find((v) => v.labels.consumer === 'mail-load')?.value ?? 0;
    try {
      const handled = new Map<string, number>();
      const handler = async (m: { id: string }) => {
        await sleep(Math.random() * 100);
        handled.set(m.id, (handled.get(m.id) ?? 0) + 1);
      };
      await Promise.all([
        one.consume('mail-load', 'mail.requests', handler),
        other.consume('mail-load', 'mail.requests', handler),
      ]);
      const before = await strandedSoFar();
      await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          one.publish('mail.requests', { i }, { msgId: `load-${i}`, key: `k-${i % 40}` }),
        ),
      );
      await eventually(() => handled.size === 300, 30_000);
      await sleep(300);
      expect([...handled.values()].filter((count) => count !== 1)).toEqual([]);
      expect((await strandedSoFar()) - before).toBe(0);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });
});
