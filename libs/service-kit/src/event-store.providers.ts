import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { EventStore } from '@studio/event-store';
import type { ServicePorts } from './service-definition';

/** The event store (EVENT_STORE_URL), for the services that write streams: client-registry and projects. */
export const EVENT_STORE = Symbol('EventStore');

/**
 * Opens and migrates the event store before requests are served (migrating is safe from several services at
 * once), and closes it last, after whatever reads it (a publisher, a rebuild) has stopped.
 */
export const eventStoreProviders = (ports: ServicePorts<unknown>): Provider[] => [
  {
    provide: EVENT_STORE,
    useFactory: async (): Promise<EventStore> => {
      const store = await ports.openEventStore();
      await store.migrate();
      return store;
    },
  },
  EventStoreCloser,
];

@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
