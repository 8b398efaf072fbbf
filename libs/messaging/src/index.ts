export { ProblemError, serviceUnavailable } from './problem.error';
export { currentCorrelationId, withCorrelationId } from './correlation';
export { DEFAULT_REQUEST_TIMEOUT_MS, type Requester } from './requester.port';
export { envelope, unwrapReply } from './reply';
export { NatsRequester } from './nats-requester';
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
} from './durable-bus.port';
export { InProcessBus, type DeadLetter } from './in-process.bus';
export { JetStreamBus } from './jetstream.bus';
export { DurableEventsServer } from './durable-events.server';
export { Lease } from './lease';
export { outboxMigration, enqueue, OutboxRelay } from './outbox';
export { EventStorePublisher, publisherCheckpointMigration, toPublished } from './event-store.publisher';
export { Pump } from './pump';
export { subjectMatches } from './subject-match';
export { busMessages, busHandlerSeconds, measured, type BusKind } from './bus.metrics';
export { isTransient } from './transient';
export { errorMessage } from './error-message';
