import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { EventStore } from '@studio/event-store';
import type { ServicePorts } from '@studio/service-kit';

/**
 * The shared event store (EVENT_STORE_URL, the registry's too): this service owns its `project-<id>` streams.
 * Migrating is safe from several services at once; the registry's publisher puts what is appended on the bus.
 */
export const EVENT_STORE = Symbol('EventStore');

export const eventStoreProvider = (ports: ServicePorts<unknown>): Provider => ({
  provide: EVENT_STORE,
  useFactory: async (): Promise<EventStore> => {
    const store = await ports.openEventStore();
    await store.migrate();
    return store;
  },
});

/** Closes the event store last, after a rebuild reading it has stopped. */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
