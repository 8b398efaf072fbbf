import type { INestApplication } from '@nestjs/common';
import type { EventStore } from '@studio/event-store';
import {
  DurableEventsServer,
  InProcessBus,
  InProcessHub,
  InProcessRequestServer,
  type DeadLetter,
} from '@studio/messaging';
import type { SqlDatabase } from '@studio/sql';
import { type Clock, systemClock } from './clock';
import { JsonLogger } from './json-logger';
import { readServiceSettings, type ServiceDefinition } from './service-definition';
import { startServiceApp } from './service-app';
import { EMBEDDED_OPS_PORT, type OpsPort, opsPortOf, readCommonSettings, SettingsReader } from './settings';

export interface InProcessOptions {
  /** Where every service reads its settings from (the kit's and its own), checked all at once. */
  readonly env: NodeJS.ProcessEnv;
  /** Each service's own database (its own schema of one PGlite or PostgreSQL). */
  readonly databaseFor: (service: string) => Promise<SqlDatabase>;
  readonly openEventStore: () => Promise<EventStore>;
  readonly clock?: Clock;
  /** The port the gateway listens on, if the gateway is among the definitions. */
  readonly httpPort?: number;
  /** The gateway's ops port (health, metrics); default OPS_PORT, else 9469 (any free one if that is taken). */
  readonly opsPort?: OpsPort;
}

export interface InProcessSystem {
  readonly hub: InProcessHub;
  readonly bus: InProcessBus;
  /** Messages whose handlers failed for good, newest last. */
  readonly deadLetters: readonly DeadLetter[];
  readonly apps: ReadonlyMap<string, INestApplication>;
  stop(): Promise<void>;
}

/**
 * Every given service in this process, on the in-process hub (request/reply) and bus (durable messages):
 * the embedded mode, and the harness of the services' integration tests.
 */
export async function startInProcess(
  definitions: readonly ServiceDefinition[],
  options: InProcessOptions,
): Promise<InProcessSystem> {
  const read = new SettingsReader(options.env);
  const settings = readCommonSettings(read);
  const own = readServiceSettings(definitions, read);
  read.check();
  const hub = new InProcessHub();
  const logger = new JsonLogger('embedded', settings.logLevel);
  // Dead letters are only in memory here: say so loudly (the subject and id, never the message's data).
  const deadLetters: DeadLetter[] = [];
  const reportDeadLetter = (letter: DeadLetter) => {
    deadLetters.push(letter);
    logger.error(
      `dead letter for ${letter.consumer}: ${letter.message.subject} ${letter.message.id}: ${letter.error}`,
    );
  };
  const bus = new InProcessBus(reportDeadLetter);
  const apps = new Map<string, INestApplication>();
  for (const definition of definitions) {
    const db = await options.databaseFor(definition.name);
    const ports = {
      name: definition.name,
      common: settings,
      settings: own.get(definition.name),
      clock: options.clock ?? systemClock,
      db,
      bus,
      requester: hub,
      openEventStore: options.openEventStore,
    };
    const transports = {
      requests: new InProcessRequestServer(hub, definition.name),
      events: new DurableEventsServer(bus, definition.name, {
        maxDeliver: 5,
        backoffMs: [50, 200, 1_000, 2_000],
      }),
    };
    const httpPort = definition.name === 'gateway' ? options.httpPort : undefined;
    // The gateway's metrics on the ops port, as in separate processes: only with its public port.
    const opsPort =
      httpPort === undefined ? undefined : (options.opsPort ?? opsPortOf(settings, EMBEDDED_OPS_PORT));
    apps.set(
      definition.name,
      await startServiceApp(definition, ports, transports, httpPort, logger, opsPort),
    );
  }
  return {
    hub,
    bus,
    deadLetters,
    apps,
    stop: async () => {
      // The gateway first, so no new work comes in; the bus last, so work in hand can finish.
      for (const app of [...apps.values()].reverse()) await app.close();
      await bus.close();
      await hub.close();
    },
  };
}
