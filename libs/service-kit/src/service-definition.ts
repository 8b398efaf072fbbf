import type { DynamicModule } from '@nestjs/common';
import type { ServiceName } from '@studio/contracts';
import type { EventStore } from '@studio/event-store';
import type { DurableBus, Requester } from '@studio/messaging';
import type { Migration, SqlDatabase } from '@studio/sql';
import type { Clock } from './clock';
import type { Settings } from './settings';

/**
 * What a service is given to run, the same whether it runs as its own process on NATS or embedded with the
 * others: its own database, the durable bus, request/reply to the other services, settings and the clock.
 */
export interface ServicePorts {
  readonly name: ServiceName;
  readonly settings: Settings;
  readonly clock: Clock;
  /** The service's own database (its own PostgreSQL schema), migrated before the module starts. */
  readonly db: SqlDatabase;
  readonly bus: DurableBus;
  readonly requester: Requester;
  /** Only client-registry owns the event store; it opens it through this. */
  readonly openEventStore: () => Promise<EventStore>;
}

/** A service: its name, its migrations, and its Nest module built from its ports. */
export interface ServiceDefinition {
  readonly name: ServiceName;
  readonly migrations: readonly Migration[];
  module(ports: ServicePorts): DynamicModule;
}

/** Inject the ports with `@Inject(PORTS)`. */
export const PORTS = Symbol('ServicePorts');

/** A module's standard providers: the ports under `PORTS`. */
export const portsProvider = (ports: ServicePorts) => ({ provide: PORTS, useValue: ports });
