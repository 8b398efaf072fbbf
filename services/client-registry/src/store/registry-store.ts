import { randomUUID } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { EventStore } from '@studio/event-store';
import { EventStorePublisher, Lease } from '@studio/messaging';
import { PORTS, type ServicePorts } from '@studio/service-kit';

/**
 * The event store this service owns, and the publisher that tails it onto the bus. The store is opened and
 * migrated before requests are served; the publisher runs (under a lease) from bootstrap to shutdown.
 */
@Injectable()
export class RegistryStore
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private opened: EventStore | undefined;
  private publisher: EventStorePublisher | undefined;

  constructor(@Inject(PORTS) private readonly ports: ServicePorts) {}

  get store(): EventStore {
    if (this.opened === undefined) throw new Error('the event store is not open yet');
    return this.opened;
  }

  async onModuleInit(): Promise<void> {
    const store = await this.ports.openEventStore();
    await store.migrate();
    this.opened = store;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { db, bus } = this.ports;
    const lease = new Lease(db, 'event-publisher', `client-registry-${randomUUID()}`);
    this.publisher = new EventStorePublisher(this.store, db, bus, lease);
    await this.publisher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.publisher?.stop();
    this.publisher = undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.opened?.close();
    this.opened = undefined;
  }
}
