import { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsConnectOptions } from './nats-servers';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const MESSAGES = 50;

describe('NATS writes coalesced per turn of the event loop', () => {
  let publisher: NatsConnection;
  let subscriber: NatsConnection;

  beforeAll(async () => {
    publisher = await connect(natsConnectOptions({ url: NATS_URL }));
    subscriber = await connect(natsConnectOptions({ url: NATS_URL }));
  });
  afterAll(async () => {
    await publisher.close();
    await subscriber.close();
  });

  it('sends what separate callbacks of one turn published in one socket write, every message in order', async () => {
    const subject = `coalescing.${randomBytes(4).toString('hex')}`;
    const received: string[] = [];
    const all = new Promise<void>((resolve) => {
      subscriber.subscribe(subject, {
        callback: (_error, message) => {
          received.push(message.string());
          if (received.length === MESSAGES) resolve();
        },
      });
    });
    await subscriber.flush();

    const write = jest.spyOn(Socket.prototype, 'write');
    try {
      // Each publish from a timer callback of its own, as answers come from database replies of their own.
      await new Promise<void>((resolve) => {
        for (let i = 0; i < MESSAGES; i++)
          setTimeout(() => {
            publisher.publish(subject, `message ${i}`);
            if (i === MESSAGES - 1) resolve();
          }, 0);
      });
      await publisher.flush();
      const writes = write.mock.calls.length;
      // The publishes, then flush's PING: without coalescing, one write a publish.
      expect(writes).toBeLessThanOrEqual(3);
    } finally {
      write.mockRestore();
    }
    await all;
    expect(received).toEqual(Array.from({ length: MESSAGES }, (_, i) => `message ${i}`));
  });

  it('still answers requests', async () => {
    const subject = `coalescing.${randomBytes(4).toString('hex')}`;
    subscriber.subscribe(subject, {
      callback: (_error, message) => {
        message.respond(`re: ${message.string()}`);
      },
    });
    await subscriber.flush();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => publisher.request(subject, `${i}`, { timeout: 5_000 })),
    );
    expect(answers.map((answer) => answer.string())).toEqual(
      Array.from({ length: 20 }, (_, i) => `re: ${i}`),
    );
  });
});
