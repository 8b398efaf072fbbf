import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { createEventStore } from '@studio/event-store';
import {
  DurableEventsServer,
  JetStreamBus,
  NatsRequester,
  PrefixedNatsServer,
  SqlStreamGate,
} from '@studio/messaging';
import { createDatabase } from '@studio/sql';
import { systemClock } from './clock';
import { JsonLogger } from './json-logger';
import type { ServiceDefinition } from './service-definition';
import { startServiceApp } from './service-app';
import { readCommonSettings, required, SettingsReader } from './settings';
import { reportStartFailure } from './start-failure';

/**
 * Runs one service as its own process: its database from DOCUMENTS_URL (its own schema), NATS request/reply
 * in its queue group, JetStream for durable messages, and HTTP for health and metrics (the gateway: the API)
 * on OPS_PORT (the gateway: the API on PORT, metrics on OPS_PORT). Stops cleanly on SIGINT/SIGTERM.
 */
export async function runService(
  definition: ServiceDefinition,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const log = new JsonLogger(definition.name);
  let app: INestApplication | undefined;
  try {
    const read = new SettingsReader(env);
    const settings = readCommonSettings(read);
    const own = definition.settings(read);
    read.check();
    const natsUrl = required(settings, 'natsUrl', 'NATS_URL');
    const documentsUrl = required(settings, 'documentsUrl', 'DOCUMENTS_URL');
    const db = await createDatabase(documentsUrl, { schema: definition.name.replace(/-/g, '_') });
    const bus = await JetStreamBus.connect(natsUrl, settings.busPrefix, definition.name, {
      gate: new SqlStreamGate(db),
    });
    const requester = new NatsRequester(natsUrl, settings.busPrefix);
    const ports = {
      name: definition.name,
      common: settings,
      settings: own,
      clock: systemClock,
      db,
      bus,
      requester,
      openEventStore: () => createEventStore(required(settings, 'eventStoreUrl', 'EVENT_STORE_URL')),
    };
    const transports = {
      requests: new PrefixedNatsServer(settings.busPrefix, natsUrl, definition.name),
      events: new DurableEventsServer(bus, definition.name),
    };
    const isGateway = definition.name === 'gateway';
    const httpPort = isGateway ? settings.port : settings.opsPort;
    app = await startServiceApp(
      definition,
      ports,
      transports,
      httpPort,
      undefined,
      isGateway ? settings.opsPort : undefined,
    );
    log.log(`ready (http ${addressOf(app)})`);
    const stop = once(async (signal: string) => {
      log.log(`stopping on ${signal}`);
      await app?.close();
      await Promise.allSettled([bus.close(), requester.close()]);
      await db.close();
      process.exit(0);
    });
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  } catch (error) {
    reportStartFailure(log, error);
    await app?.close().catch(() => undefined);
    process.exit(1);
  }
}

const addressOf = (app: INestApplication): string => {
  const address = (app.getHttpServer() as Server).address();
  return typeof address === 'object' && address !== null && 'port' in address
    ? `:${String(address.port)}`
    : 'off';
};

function once<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let running: Promise<void> | undefined;
  return (...args) => (running ??= fn(...args));
}
