import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DurableBus, DurableMessage } from './durable-bus.port';
import { RetryLater } from './retrying';
import { serviceUnavailable } from './service-unavailable';

/**
 * What every `DurableBus` adapter must do. `open(scope)` gives a bus for a test's own subjects; called again
 * with the same scope it gives another instance of the same deployment (a replica) where the adapter has them.
 */
export function describeDurableBusContract(name: string, open: (scope: string) => Promise<DurableBus>): void {
  describe(`DurableBus contract: ${name}`, () => {
    let scope: string;
    let bus: DurableBus;
    const opened: DurableBus[] = [];
    const instance = async () => {
      const next = await open(scope);
      opened.push(next);
      return next;
    };
    beforeEach(async () => {
      scope = randomUUID().slice(0, 8);
      bus = await instance();
    });
    afterEach(async () => {
      await Promise.all([...new Set(opened.splice(0))].map((each) => each.close()));
    });

    const publish = (subject: string, n: number, key?: string) =>
      bus.publish(subject, { n }, { msgId: randomUUID(), ...(key === undefined ? {} : { key }) });
    const numbers = (messages: readonly DurableMessage[]) => messages.map((m) => (m.data as { n: number }).n);

    it('delivers every message of a key in publish order, with its subject, headers and key', async () => {
      const seen: DurableMessage[] = [];
      await bus.consume('reader', 'events.client.>', async (m) => void seen.push(m));
      await Promise.all(Array.from({ length: 20 }, (_, i) => publish(`events.client.T${i % 3}`, i + 1, 'k')));
      await bus.publish(
        'events.client.T1',
        { n: 21 },
        { msgId: randomUUID(), key: 'k', sequence: 7, headers: { 'x-correlation-id': 'c-21' } },
      );
      await eventually(() => seen.length === 21);
      expect(numbers(seen)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect(seen[20]).toMatchObject({ subject: 'events.client.T1', key: 'k', sequence: 7 });
      expect(seen[20]!.headers['x-correlation-id']).toBe('c-21');
    });

    it('gives each consumer its own copy, and only of the subjects it asked for', async () => {
      const a: DurableMessage[] = [];
      const b: DurableMessage[] = [];
      await bus.consume('a', 'events.client.>', async (m) => void a.push(m));
      await bus.consume('b', 'mail.requests', async (m) => void b.push(m));
      await publish('events.client.X', 1);
      await publish('mail.requests', 2);
      await eventually(() => a.length === 1 && b.length === 1);
      expect([numbers(a), numbers(b)]).toEqual([[1], [2]]);
    });

    it('handles different keys at once: a slow key does not hold the others', async () => {
      const done: string[] = [];
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await bus.consume(
        'lanes',
        'events.client.>',
        async (m) => {
          if (m.key === 'slow') await held;
          done.push(m.key ?? '');
        },
        { concurrency: 4 },
      );
      void publish('events.client.X', 1, 'slow');
      void Promise.all(['a', 'b', 'c'].map((key, i) => publish('events.client.X', i, key)));
      await eventually(() => done.length === 3);
      expect(done.sort()).toEqual(['a', 'b', 'c']);
      release();
      await eventually(() => done.length === 4);
    });

    it('retries a failed message in place, counting deliveries; its key waits, other keys go on', async () => {
      const seen: DurableMessage[] = [];
      await bus.consume(
        'flaky',
        'events.client.>',
        async (m) => {
          if ((m.data as { n: number }).n === 1 && m.deliveryCount < 3) throw new Error('not yet');
          seen.push(m);
        },
        { maxDeliver: 5, backoffMs: [50] },
      );
      void Promise.all([
        publish('events.client.X', 1, 'k'),
        publish('events.client.X', 2, 'k'),
        publish('events.client.X', 3, 'other'),
      ]);
      await eventually(() => seen.length === 3);
      expect(numbers(seen)).toEqual([3, 1, 2]);
      expect(seen[1]!.deliveryCount).toBe(3);
    });

    it('retries a transient failure (a service down) past maxDeliver, and never dead-letters it', async () => {
      const seen: DurableMessage[] = [];
      const dead: DurableMessage[] = [];
      await bus.consume('dead-reader', 'dead.>', async (m) => void dead.push(m));
      await bus.consume(
        'patient',
        'events.client.>',
        async (m) => {
          if (m.deliveryCount < 5) throw serviceUnavailable('identity.studios.get');
          seen.push(m);
        },
        { maxDeliver: 2, backoffMs: [10] },
      );
      await publish('events.client.X', 1);
      await eventually(() => seen.length === 1);
      expect(seen[0]!.deliveryCount).toBe(5);
      expect(dead).toEqual([]);
    });

    it('holds a message the handler asks to retry later for the pause it names, past maxDeliver', async () => {
      const seen: DurableMessage[] = [];
      const dead: DurableMessage[] = [];
      const tried: number[] = [];
      await bus.consume('dead-reader', 'dead.>', async (m) => void dead.push(m));
      await bus.consume(
        'postponed',
        'events.client.>',
        async (m) => {
          tried.push(Date.now());
          if (m.deliveryCount < 4) throw new RetryLater(m.deliveryCount === 1 ? 300 : 5, 'mail server down');
          seen.push(m);
        },
        { maxDeliver: 2, backoffMs: [0] },
      );
      await publish('events.client.X', 1);
      await eventually(() => seen.length === 1);
      expect(seen[0]!.deliveryCount).toBe(4);
      expect(tried[1]! - tried[0]!).toBeGreaterThanOrEqual(250);
      expect(dead).toEqual([]);
    });

    it('dead-letters a message whose deliveries are spent, and goes on with the next of its key', async () => {
      const seen: number[] = [];
      const dead: DurableMessage[] = [];
      await bus.consume('dead-reader', 'dead.>', async (m) => void dead.push(m));
      await bus.consume(
        'hopeless',
        'events.client.>',
        async (m) => {
          const { n } = m.data as { n: number };
          if (n === 1) throw new Error('always');
          seen.push(n);
        },
        { maxDeliver: 2, backoffMs: [10] },
      );
      void Promise.all([publish('events.client.X', 1, 'k'), publish('events.client.X', 2, 'k')]);
      await eventually(() => seen.length === 1);
      expect(seen).toEqual([2]);
      if (name !== 'in process') {
        await eventually(() => dead.length === 1);
        expect(dead[0]!.subject).toBe('dead.hopeless');
      }
    });

    it('ordered: every key handled in sequence, once, never two of a key at a time, across instances, through failures', async () => {
      const keys = Array.from({ length: 12 }, (_, i) => `client-${i}`);
      const perKey = 20;
      const handled = new Map<string, number[]>(keys.map((key) => [key, []]));
      const busy = new Set<string>();
      const overlaps: string[] = [];
      let failures = 0;
      const byInstance = [0, 0];
      const handlerOf = (instanceIndex: number) => async (m: DurableMessage) => {
        byInstance[instanceIndex]!++;
        await handler(m);
      };
      const handler = async (m: DurableMessage) => {
        const key = m.key ?? '';
        if (busy.has(key)) overlaps.push(`${key}@${m.sequence}`);
        busy.add(key);
        try {
          await sleep(1 + Math.random() * 6);
          // Now and then a failure: the message must be retried before any later one of its key.
          if (Math.random() < 0.08 && m.deliveryCount === 1) {
            failures++;
            throw new Error('a passing failure');
          }
          handled.get(key)?.push(m.sequence ?? -1);
        } finally {
          busy.delete(key);
        }
      };
      const options = { ordered: true, concurrency: 8, maxDeliver: 5, backoffMs: [5] };
      await bus.consume('ordered', 'events.client.>', handlerOf(0), options);
      const replica = await instance();
      if (replica !== bus) await replica.consume('ordered', 'events.client.>', handlerOf(1), options);
      // Interleaved across keys, in order within each (as the event publisher does), several in flight.
      const publishing: Promise<void>[] = [];
      for (let sequence = 0; sequence < perKey; sequence++) {
        for (const key of keys) {
          publishing.push(
            bus.publish('events.client.E', { n: sequence }, { msgId: `${key}/${sequence}`, key, sequence }),
          );
        }
      }
      await Promise.all(publishing);
      await eventually(() => [...handled.values()].every((seen) => seen.length >= perKey), 30_000);
      await sleep(200);
      for (const key of keys) expect([key, handled.get(key)]).toEqual([key, [...Array(perKey).keys()]]);
      expect(overlaps).toEqual([]);
      expect(failures).toBeGreaterThan(0);
      // Where the adapter has replicas, both took part.
      if (replica !== bus) expect(byInstance.every((count) => count > 0)).toBe(true);
    }, 60_000);
  });
}

export async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
