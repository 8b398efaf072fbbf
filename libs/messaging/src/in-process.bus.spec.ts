import { describeDurableBusContract } from './durable-bus.contract';
import { InProcessBus } from './in-process.bus';

// One process: a "replica" of a scope is the same bus.
const buses = new Map<string, InProcessBus>();
describeDurableBusContract('in process', async (scope) => {
  const bus = buses.get(scope) ?? new InProcessBus();
  buses.set(scope, bus);
  return bus;
});

describe('in-process bus', () => {
  it('resolves publish only once every consumer has handled the message', async () => {
    const bus = new InProcessBus();
    let handled = false;
    await bus.consume('slow', 'mail.requests', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      handled = true;
    });
    await bus.publish('mail.requests', {}, { msgId: 'm-1' });
    expect(handled).toBe(true);
  });

  it('records a dead letter when deliveries are spent', async () => {
    const letters: string[] = [];
    const bus = new InProcessBus((letter) => void letters.push(letter.consumer));
    await bus.consume('hopeless', 'mail.requests', () => Promise.reject(new Error('no')), {
      maxDeliver: 2,
      backoffMs: [1],
    });
    await bus.publish('mail.requests', {}, { msgId: 'm-1' });
    expect(letters).toEqual(['hopeless']);
  });
});
