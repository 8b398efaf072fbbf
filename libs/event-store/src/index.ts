export * from './event-store.port';
export { createEventStore, eventStoreOn, type CreateEventStoreOptions } from './create-event-store';
export { comparePositions } from './global-position';
export { EventStoreUnreachableError } from './event-store-unreachable.error';
