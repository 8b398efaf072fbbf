import 'reflect-metadata';
import { type INestApplication, type LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { ProblemFilter } from './problem.filter';
import {
  deadLetterMigrations,
  type DurableEventsServer,
  messagingMigrations,
  SqlDeadLetterStore,
} from '@studio/messaging';
import { adminModule } from './admin.module';
import { checkHandlers, declaredBus, declaredRequester } from './bus-access';
import { migrate } from '@studio/sql';
import { JsonLogger } from './json-logger';
import { opsModule, Readiness } from './ops.module';
import { OpsServer, READINESS_PROBE, type ReadinessProbe } from './ops-server';
import type { OpsPort } from './settings';
import { accessOf, type ServiceDefinition, type ServicePorts } from './service-definition';

export interface ServiceTransports {
  /** Answers the service's `@MessagePattern` requests (NATS queue group, or the in-process hub). */
  readonly requests: CustomTransportStrategy;
  /** Feeds the service's `@EventPattern` handlers from durable consumers. */
  readonly events: DurableEventsServer;
}

/**
 * Builds and starts one service: migrates its database, creates its Nest application with the ops endpoints,
 * connects its transports, and listens on `httpPort` if given (health and metrics; the API for the gateway,
 * whose metrics are on `opsPort` instead).
 */
export async function startServiceApp(
  definition: ServiceDefinition,
  ports: ServicePorts,
  transports: ServiceTransports,
  httpPort?: number,
  /** Nest's logger is process-wide: when services share a process, one logger names them all. */
  logger: LoggerService = new JsonLogger(definition.name, ports.common.logLevel),
  /** The gateway's ops port (metrics, health), apart from its public `httpPort`; undefined: none. */
  opsPort?: OpsPort,
): Promise<INestApplication> {
  await migrate(ports.db, 'messaging', messagingMigrations);
  await migrate(ports.db, definition.name, definition.migrations);
  await migrate(ports.db, 'dead-letters', deadLetterMigrations);
  const deadLetters = new SqlDeadLetterStore(ports.db, definition.name);
  transports.events.keepDeadLettersIn(deadLetters);
  transports.events.routeSubjects(definition.durableSubjects?.(ports.settings) ?? {});
  // The service itself may send and publish only what its entry in BUS_ACCESS lists (the kit's own modules
  // below use the ports as given).
  const access = accessOf(definition);
  const serviceModule = definition.module({
    ...ports,
    requester: declaredRequester(definition.name, access, ports.requester),
    bus: declaredBus(definition.name, access, ports.bus),
  });
  const admin = adminModule(definition.name, { bus: ports.bus, deadLetters, events: transports.events });
  // The gateway answers readiness itself, by asking every service.
  const isGateway = definition.name === 'gateway';
  const ops = opsModule(definition.name, { httpReadiness: !isGateway, publicHttp: isGateway });

  @Module({ imports: [ops, admin, serviceModule] })
  class RootModule {}

  const app = await NestFactory.create(RootModule, {
    logger,
    abortOnError: false,
  });
  app.useGlobalFilters(new ProblemFilter());
  for (const strategy of [transports.requests, transports.events]) {
    app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  }
  await app.init();
  await app.startAllMicroservices();
  try {
    checkHandlers(definition.name, access, transports.events);
  } catch (error) {
    await app.close();
    throw error;
  }
  if (httpPort !== undefined) await app.listen(httpPort, ports.common.host);
  if (isGateway && opsPort !== undefined) {
    const readiness = providedOrNone<ReadinessProbe>(app, READINESS_PROBE);
    const listening = await app.get(OpsServer).listen(opsPort, ports.common.host, readiness);
    if (typeof opsPort !== 'number' && listening !== opsPort.preferred)
      logger.warn?.(
        `ops port ${opsPort.preferred} is taken: health and metrics on ops port ${listening}`,
        definition.name,
      );
    else logger.log(`health and metrics on ops port ${listening}`, definition.name);
  }
  app.get(Readiness).ready = true;
  return app;
}

/** A provider of any module of the application, or undefined when none provides it. */
function providedOrNone<T>(app: INestApplication, token: symbol): T | undefined {
  try {
    return app.get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}
