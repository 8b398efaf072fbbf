export * from './event-store.port';
export { createEventStore, type CreateEventStoreOptions } from './create-event-store';
export { createPostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';
export { createPgliteEventStore, type PgliteEventStoreOptions } from './pglite-event-store';
