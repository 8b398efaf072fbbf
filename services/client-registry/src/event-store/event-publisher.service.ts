import { randomUUID } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventStore } from '@studio/event-store';
import { type DurableBus, EventStorePublisher, Lease, reportPublisher } from '@studio/messaging';
import { DATABASE, DURABLE_BUS, EVENT_STORE } from '@studio/service-kit';
import type { SqlDatabase } from '@studio/sql';

/** Runs the publisher that tails the event store onto the bus, from bootstrap to shutdown, under a lease. */
@Injectable()
export class EventPublisherService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private publisher: EventStorePublisher | undefined;
  private unreport: (() => void) | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(DURABLE_BUS) private readonly bus: DurableBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const lease = new Lease(this.db, 'event-publisher', `client-registry-${randomUUID()}`);
    this.publisher = new EventStorePublisher(this.store, this.db, this.bus, lease);
    await this.publisher.start();
    this.unreport = reportPublisher('client-registry', this.publisher);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unreport?.();
    await this.publisher?.stop();
    this.publisher = undefined;
  }
}
