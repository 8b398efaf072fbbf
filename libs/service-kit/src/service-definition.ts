import type { DynamicModule, Provider } from '@nestjs/common';
import { BUS_ACCESS, type BusAccess, type ServiceName } from '@studio/contracts';
import type { EventStore } from '@studio/event-store';
import type { DurableBus, Requester } from '@studio/messaging';
import type { Migration, SqlDatabase } from '@studio/sql';
import type { Clock } from './clock';
import { LinkSealer } from './link-sealer';
import type { Settings, SettingsReader } from './settings';

/**
 * What a service is given to run, the same whether it runs as its own process on NATS or embedded with the
 * others: its own database, the durable bus, request/reply to the other services, its settings and the clock.
 */
export interface ServicePorts<S = unknown> {
  readonly name: ServiceName;
  /** What the kit runs every service with (ports, URLs, the bus prefix). */
  readonly common: Settings;
  /** The service's own settings, read by its definition. */
  readonly settings: S;
  readonly clock: Clock;
  /** The service's own database (its own PostgreSQL schema), migrated before the module starts. */
  readonly db: SqlDatabase;
  readonly bus: DurableBus;
  readonly requester: Requester;
  /** Only client-registry owns the event store; it opens it through this. */
  readonly openEventStore: () => Promise<EventStore>;
}

/** A service: its name, its migrations, its settings and its Nest module built from its ports. */
export interface ServiceDefinition<S = unknown> {
  readonly name: ServiceName;
  readonly migrations: readonly Migration[];
  /** Reads the service's own settings; every problem goes to the reader, named with the others at start-up. */
  settings(read: SettingsReader): S;
  /**
   * `@Durable` patterns whose subject a setting chooses, and that subject (e.g. the checkout's
   * CHECKOUT_SUBJECT): the handler of the pattern consumes the chosen subject.
   */
  durableSubjects?(settings: S): Readonly<Record<string, string>>;
  /**
   * Mints or opens emailed links: as its own process it does not start without MAIL_LINK_KEY, so a live link
   * never rests in the clear (the embedded mode makes a key of its own).
   */
  readonly sealsLinks?: true;
  module(ports: ServicePorts<S>): DynamicModule;
  /**
   * What it may do on the bus: its entry in `BUS_ACCESS` (libs/contracts), which the NATS permissions are
   * generated from. Only a test's toy service gives its own.
   */
  readonly access?: BusAccess;
}

export const accessOf = (definition: ServiceDefinition): BusAccess =>
  definition.access ?? BUS_ACCESS[definition.name];

/** Typed tokens: a class asks for what it uses, e.g. `@Inject(DATABASE) db: SqlDatabase`. */
export const DATABASE = Symbol('SqlDatabase');
export const CLOCK = Symbol('Clock');
export const REQUESTER = Symbol('Requester');
export const DURABLE_BUS = Symbol('DurableBus');
/** The service's own settings (its definition's `settings`). */
export const SETTINGS = Symbol('ServiceSettings');
/** The kit's settings every service shares (`Settings`). */
export const COMMON_SETTINGS = Symbol('CommonSettings');
/** Seals and opens emailed links (`LinkSealer`), with MAIL_LINK_KEY. */
export const LINK_SEALER = Symbol('LinkSealer');

/** The providers of a service module: each port under its own token. */
export function portProviders<S>(ports: ServicePorts<S>): Provider[] {
  return [
    { provide: DATABASE, useValue: ports.db },
    { provide: CLOCK, useValue: ports.clock },
    { provide: REQUESTER, useValue: ports.requester },
    { provide: DURABLE_BUS, useValue: ports.bus },
    { provide: SETTINGS, useValue: ports.settings },
    { provide: COMMON_SETTINGS, useValue: ports.common },
    { provide: LINK_SEALER, useValue: LinkSealer.withKey(ports.common.mailLinkKey) },
  ];
}

/** Reads every given service's settings with one reader: all problems of all of them at once. */
export function readServiceSettings(
  definitions: readonly ServiceDefinition[],
  read: SettingsReader,
): Map<ServiceName, unknown> {
  return new Map(definitions.map((definition) => [definition.name, definition.settings(read)]));
}
