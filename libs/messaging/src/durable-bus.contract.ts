import { randomUUID } from 'node:crypto';
import type { DurableBus, DurableMessage } from './durable-bus.port';
import { serviceUnavailable } from './problem.error';

/** What every `DurableBus` adapter must do. `open` gives a fresh bus (its own subjects) per test. */
export function describeDurableBusContract(name: string, open: () => Promise<DurableBus>): void {
  describe(`DurableBus contract: ${name}`, () => {
    let bus: DurableBus;
    beforeEach(async () => {
      bus = await open();
    });
    afterEach(() => bus.close());

    const publish = (subject: string, n: number) => bus.publish(subject, { n }, { msgId: randomUUID() });
    const numbers = (messages: readonly DurableMessage[]) => messages.map((m) => (m.data as { n: number }).n);

    it('delivers every message to a consumer, in publish order, with its subject and headers', async () => {
      const seen: DurableMessage[] = [];
      await bus.consume('reader', 'events.client.>', async (m) => void seen.push(m));
      for (let n = 1; n <= 20; n++) await publish(`events.client.T${n % 3}`, n);
      await bus.publish(
        'events.client.T1',
        { n: 21 },
        { msgId: randomUUID(), headers: { 'x-correlation-id': 'c-21' } },
      );
      await eventually(() => seen.length === 21);
      expect(numbers(seen)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect(seen[20]).toMatchObject({
        subject: 'events.client.T1',
        headers: { 'x-correlation-id': 'c-21' },
      });
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

    it('redelivers a failed message, counting deliveries, and keeps the order behind it', async () => {
      const seen: DurableMessage[] = [];
      await bus.consume(
        'flaky',
        'events.client.>',
        async (m) => {
          if ((m.data as { n: number }).n === 1 && m.deliveryCount < 3) throw new Error('not yet');
          seen.push(m);
        },
        { maxDeliver: 5, backoffMs: [10] },
      );
      await publish('events.client.X', 1);
      await publish('events.client.X', 2);
      await eventually(() => seen.length === 2);
      expect(numbers(seen)).toEqual([1, 2]);
      expect(seen[0]!.deliveryCount).toBe(3);
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

    it('dead-letters a message whose deliveries are spent, and goes on with the next', async () => {
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
      await publish('events.client.X', 1);
      await publish('events.client.X', 2);
      await eventually(() => seen.length === 1);
      expect(seen).toEqual([2]);
      if (name !== 'in process') {
        await eventually(() => dead.length === 1);
        expect(dead[0]!.subject).toBe('dead.hopeless');
      }
    });
  });
}

export async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
