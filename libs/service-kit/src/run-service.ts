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
import { readDeliverySettings } from './delivery.settings';
import { readStreamReplicas } from './jetstream.settings';
import {
  opsPortOf,
  natsEndpoint,
  readCommonSettings,
  required,
  SettingsError,
  SettingsReader,
  sqlStateUrl,
} from './settings';
import { reportStartFailure } from './start-failure';
import { type Waiting, waitFor } from './dependency-wait';
import { serveWaitingHealth } from './waiting-health';

/**
 * Runs one service as its own process: its database from DOCUMENTS_URL (its own schema; STATE_URL when
 * DOCUMENTS_URL is MongoDB, which then holds its read models, opened by the module), NATS request/reply
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
    const delivery = readDeliverySettings(read);
    const replicas = readStreamReplicas(read);
    if (definition.sealsLinks && settings.mailLinkKey === undefined)
      read.problems.push(
        'MAIL_LINK_KEY is required: emailed links rest sealed with it (`openssl rand -base64 32`, the same for every service)',
      );
    read.check();
    const nats = natsEndpoint(settings, definition.name);
    required(settings, 'documentsUrl', 'DOCUMENTS_URL');
    // With the read models on MongoDB, the service's own tables are in STATE_URL's database.
    const stateUrl = sqlStateUrl(settings);
    if (stateUrl === undefined)
      throw new SettingsError([
        "STATE_URL is required when DOCUMENTS_URL is mongodb://… (postgres://… for the services' own tables)",
      ]);
    const isGateway = definition.name === 'gateway';
    const opsPort = opsPortOf(settings);
    const httpPort = isGateway ? settings.port : opsPort;
    // Until NATS and the database answer, the ports say live but not ready, and why.
    const waiting: Waiting = { reason: 'starting' };
    const waitingPorts = [httpPort, isGateway ? opsPort : undefined].filter(
      (port): port is number => typeof port === 'number' && port > 0,
    );
    const health = await Promise.all(
      waitingPorts.map((port) => serveWaitingHealth(port, settings.host, waiting)),
    );
    const wait = { log, waiting };
    const db = await waitFor(
      `PostgreSQL at ${hostsOf(stateUrl)}`,
      () => createDatabase(stateUrl, { schema: definition.name.replace(/-/g, '_') }),
      wait,
    );
    const bus = await waitFor(
      `NATS at ${hostsOf(nats.url)}${nats.user === undefined ? '' : ` as ${nats.user}`}`,
      () =>
        JetStreamBus.connect(nats, settings.busPrefix, definition.name, {
          gate: new SqlStreamGate(db),
          replicas,
        }),
      wait,
    );
    waiting.reason = undefined;
    const requester = new NatsRequester(nats, settings.busPrefix);
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
      requests: new PrefixedNatsServer(settings.busPrefix, nats, definition.name),
      events: new DurableEventsServer(bus, definition.name, delivery),
    };
    await Promise.all(health.map((server) => server.close()));
    app = await startServiceApp(
      definition,
      ports,
      transports,
      httpPort,
      undefined,
      isGateway ? opsPort : undefined,
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

/** Where a URL points, without its credentials: what a log line may show. */
function hostsOf(url: string): string {
  return url
    .split(',')
    .map((each) => {
      try {
        const parsed = new URL(each.trim());
        return parsed.host || parsed.pathname;
      } catch {
        return '(unparsable URL)';
      }
    })
    .join(', ');
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
