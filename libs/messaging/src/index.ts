export { serviceUnavailable } from './service-unavailable';
export { currentCorrelationId, withCorrelationId } from './correlation';
export { DEFAULT_REQUEST_TIMEOUT_MS, type Requester } from './requester.port';
export { envelope, unwrapReply } from './reply';
export { NatsRequester } from './nats-requester';
export { type NatsEndpoint, inboxPrefixOf } from './nats-servers';
export { InProcessHub, type RequestHandler } from './in-process.hub';
export { PrefixedNatsServer, InProcessRequestServer } from './request.servers';
export {
  CORRELATION_HEADER,
  DEFAULT_BACKOFF_MS,
  DEFAULT_MAX_DELIVER,
  deadLetterSubject,
  type DurableBus,
  type DurableHandler,
  type DurableMessage,
  type ConsumeOptions,
  type Consumption,
  type PublishOptions,
} from './durable-bus.port';
export { InProcessBus } from './in-process.bus';
export { type DeadLetter, deadLetterMigrations, SqlDeadLetterStore } from './dead-letter.store';
export { reportPublisher, publisherStanding } from './publisher-standing';
export { JetStreamBus, type JetStreamBusOptions } from './jetstream.bus';
export { DurableEventsServer } from './durable-events.server';
export { Durable } from './durable.decorator';
export { Lease } from './lease';
export { enqueue, OutboxRelay } from './outbox';
export { EventStorePublisher, type EventStorePublisherOptions, toPublished } from './event-store.publisher';
export { SqlStreamGate, type StreamGate } from './stream-gate';
export { GroupCommit } from './group-commit';
export { messagingMigrations } from './messaging.migrations';
export { Pump } from './pump';
export { subjectMatches } from './subject-match';
export { busMessages, busHandlerSeconds, measured, type BusKind } from './bus.metrics';
export { isTransient, retryWhileTransient, type TransientRetryOptions } from './transient';
export { RetryLater, UnprocessableMessage } from './retrying';
export { errorMessage } from './error-message';
export {
  checkoutUser,
  DEFAULT_NATS_SYSTEM,
  NATS_CONFIG_FILES,
  type NatsPermissions,
  type NatsSystem,
  type NatsUser,
  newNatsPassword,
  passwordVariableOf,
  renderAccounts,
  servicePermissions,
  systemUsers,
  withAccounts,
} from './nats-permissions';
export { firstStored } from './stranded-messages';
