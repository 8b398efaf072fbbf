import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { EventStore } from '@studio/event-store';
import type { ServicePorts } from '@studio/service-kit';

/** The event store this service owns, opened and migrated before requests are served. */
export const EVENT_STORE = Symbol('EventStore');

export const eventStoreProvider = (ports: ServicePorts<unknown>): Provider => ({
  provide: EVENT_STORE,
  useFactory: async (): Promise<EventStore> => {
    const store = await ports.openEventStore();
    await store.migrate();
    return store;
  },
});

/** Closes the event store last, after the publisher has stopped. */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
