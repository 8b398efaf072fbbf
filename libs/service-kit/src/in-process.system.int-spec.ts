import { Controller, Inject, Module } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { DomainException, type Envelope, problem, readySubject, RequestSubject } from '@studio/contracts';
import { type DurableMessage, enqueue, OutboxRelay, outboxMigration, ProblemError } from '@studio/messaging';
import { createDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { readSettings } from './settings';
import { PORTS, portsProvider, type ServiceDefinition, type ServicePorts } from './service-definition';
import { type InProcessSystem, startInProcess } from './in-process.system';

const seen: unknown[] = [];

@Controller()
class EchoController {
  constructor(@Inject(PORTS) private readonly ports: ServicePorts) {}

  @MessagePattern(RequestSubject.signOut)
  async echo(@Payload() message: Envelope<{ text: string }>) {
    if (message.body.text === 'refuse') throw new DomainException(problem('email-taken', 'taken'));
    if (message.body.text === 'problem') throw ProblemError.of('client-active');
    if (message.body.text === 'crash') throw new Error('boom with a secret');
    await this.ports.db.transaction((tx) =>
      enqueue(tx, 'mail.requests', { text: message.body.text }, `m-${message.body.text}`),
    );
    relay?.nudge();
    return { echoed: message.body.text, correlationId: message.meta.correlationId };
  }

  @EventPattern('mail.requests')
  onMail(@Payload() message: DurableMessage) {
    seen.push(message.data);
  }
}

let relay: OutboxRelay | undefined;
const definition: ServiceDefinition = {
  name: 'identity',
  migrations: [outboxMigration],
  module: (ports) => {
    @Module({ controllers: [EchoController], providers: [portsProvider(ports)] })
    class EchoModule {}
    return { module: EchoModule };
  },
};

describe('in-process system', () => {
  let system: InProcessSystem;
  let drop: () => Promise<void>;
  const dbs: SqlDatabase[] = [];

  beforeAll(async () => {
    const fresh = await freshDatabase('kit');
    drop = fresh.drop;
    system = await startInProcess([definition], {
      settings: readSettings({}),
      databaseFor: async (name) => {
        const db = await createDatabase(fresh.url, { schema: name });
        dbs.push(db);
        return db;
      },
      openEventStore: () => Promise.reject(new Error('not used')),
    });
    relay = new OutboxRelay(dbs[0]!, system.bus, 50);
    relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    await system.stop();
    await Promise.all(dbs.map((db) => db.close()));
    await drop();
  });

  it('answers a request with its value and carries the correlation id', async () => {
    await expect(
      system.hub.request(RequestSubject.signOut, { text: 'hi' }, { correlationId: 'c-1' }),
    ).resolves.toEqual({
      echoed: 'hi',
      correlationId: 'c-1',
    });
  });

  it('carries refusals as problems and hides internal errors', async () => {
    await expect(system.hub.request(RequestSubject.signOut, { text: 'refuse' })).rejects.toMatchObject({
      problem: { code: 'email-taken' },
    });
    await expect(system.hub.request(RequestSubject.signOut, { text: 'problem' })).rejects.toMatchObject({
      problem: { code: 'client-active' },
    });
    const crash = system.hub.request(RequestSubject.signOut, { text: 'crash' });
    await expect(crash).rejects.toMatchObject({ problem: { code: 'internal' } });
    await expect(crash).rejects.not.toMatchObject({ message: expect.stringContaining('secret') });
  });

  it('answers readiness and unknown subjects as unavailable', async () => {
    await expect(system.hub.request(readySubject('identity'), {})).resolves.toEqual({
      service: 'identity',
      ready: true,
    });
    await expect(system.hub.request(RequestSubject.listClients, {})).rejects.toMatchObject({
      problem: { code: 'service-unavailable' },
    });
  });

  it('delivers outbox messages to durable consumers', async () => {
    await system.hub.request(RequestSubject.signOut, { text: 'mail' });
    await waitFor(() => seen.some((item) => JSON.stringify(item) === '{"text":"mail"}'));
    expect(seen).toContainEqual({ text: 'mail' });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
