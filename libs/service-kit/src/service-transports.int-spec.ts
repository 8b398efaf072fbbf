import { randomBytes } from 'node:crypto';
import { Controller, Inject, type INestApplication, Module } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Problem, type Envelope, readySubject, RequestSubject } from '@studio/contracts';
import {
  DurableEventsServer,
  type DurableMessage,
  enqueue,
  JetStreamBus,
  NatsRequester,
  PrefixedNatsServer,
  type Requester,
} from '@studio/messaging';
import { createDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { OutboxService } from './outbox.service';
import { readSettings } from './settings';
import { DATABASE, portProviders, type ServiceDefinition } from './service-definition';
import { startServiceApp } from './service-app';
import { startInProcess } from './in-process.system';
import { systemClock } from './clock';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const seen: unknown[] = [];

/** A toy service: one request handler that refuses, crashes or writes to its outbox, and one durable consumer. */
@Controller()
class EchoController {
  constructor(
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(OutboxService) private readonly outbox: OutboxService,
  ) {}

  @MessagePattern(RequestSubject.signOut)
  async echo(@Payload() message: Envelope<{ text: string }>) {
    const { text } = message.body;
    if (text === 'refuse') throw Problem.of('email-taken', 'taken');
    if (text === 'problem') throw Problem.of('client-active');
    if (text === 'crash') throw new Error('boom with a secret');
    await this.db.transaction((tx) =>
      enqueue(tx, 'mail.requests', { text }, `m-${text}-${randomBytes(4).toString('hex')}`),
    );
    this.outbox.nudge();
    return { echoed: text, correlationId: message.meta.correlationId };
  }

  @EventPattern<string>('mail.requests')
  onMail(@Payload() message: DurableMessage) {
    seen.push(message.data);
  }
}

const echoService: ServiceDefinition = {
  name: 'identity',
  // A toy: it consumes what it publishes, which no real service does.
  access: {
    serves: [RequestSubject.signOut],
    requests: [],
    publishes: ['mail.requests'],
    consumes: ['mail.requests'],
  },
  migrations: [],
  settings: () => ({}),
  module: (ports) => {
    @Module({ controllers: [EchoController], providers: [...portProviders(ports), OutboxService] })
    class EchoModule {}
    return { module: EchoModule };
  },
};

interface Running {
  readonly requester: Requester;
  stop(): Promise<void>;
}

/** The same service through the embedded transports and through NATS + JetStream: both must behave alike. */
const TRANSPORTS: Record<string, (db: SqlDatabase) => Promise<Running>> = {
  'in process': async (db) => {
    const system = await startInProcess([echoService], {
      env: { LOG_LEVEL: 'warn' },
      databaseFor: async () => db,
      openEventStore: () => Promise.reject(new Error('not used')),
    });
    return { requester: system.hub, stop: () => system.stop() };
  },
  'NATS and JetStream': async (db) => {
    const prefix = `kit_${randomBytes(4).toString('hex')}`;
    const settings = readSettings({ LOG_LEVEL: 'warn', BUS_PREFIX: prefix });
    const bus = await JetStreamBus.connect({ url: NATS_URL }, prefix, 'identity');
    const requester = new NatsRequester({ url: NATS_URL }, prefix, 2_000);
    const ports = {
      name: 'identity' as const,
      common: settings,
      settings: {},
      clock: systemClock,
      db,
      bus,
      requester,
      openEventStore: () => Promise.reject(new Error('not used')),
    };
    const app: INestApplication = await startServiceApp(echoService, ports, {
      requests: new PrefixedNatsServer(prefix, { url: NATS_URL }, 'identity'),
      events: new DurableEventsServer(bus, 'identity'),
    });
    return {
      requester,
      stop: async () => {
        await app.close();
        await requester.close();
        await bus.close();
      },
    };
  },
};

describe.each(Object.keys(TRANSPORTS))('a service over its transports (%s)', (transport) => {
  let running: Running;
  let db: SqlDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase('kit');
    drop = fresh.drop;
    db = await createDatabase(fresh.url, { schema: 'identity' });
    running = await TRANSPORTS[transport]!(db);
  });

  afterAll(async () => {
    await running?.stop();
    await db?.close();
    await drop?.();
  });

  it('answers a request with its value and carries the correlation id', async () => {
    await expect(
      running.requester.request(RequestSubject.signOut, { text: 'hi' }, { correlationId: 'c-1' }),
    ).resolves.toEqual({
      echoed: 'hi',
      correlationId: 'c-1',
    });
  });

  it('carries refusals as problems and hides internal errors', async () => {
    const ask = (text: string) => running.requester.request(RequestSubject.signOut, { text });
    await expect(ask('refuse')).rejects.toMatchObject({ problem: { code: 'email-taken' } });
    await expect(ask('problem')).rejects.toMatchObject({ problem: { code: 'client-active' } });
    const crash = ask('crash');
    await expect(crash).rejects.toMatchObject({ problem: { code: 'internal' } });
    await expect(crash).rejects.not.toMatchObject({ message: expect.stringContaining('secret') });
  });

  it('answers readiness, and a subject nobody serves as unavailable, at once', async () => {
    await expect(running.requester.request(readySubject('identity'), {})).resolves.toEqual({
      service: 'identity',
      ready: true,
    });
    const started = Date.now();
    await expect(running.requester.request(RequestSubject.listClients, {})).rejects.toMatchObject({
      problem: { code: 'service-unavailable' },
    });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('delivers outbox messages to durable consumers', async () => {
    const text = `mail-${transport}`;
    await running.requester.request(RequestSubject.signOut, { text });
    await waitFor(() => seen.some((item) => (item as { text?: string }).text === text));
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
