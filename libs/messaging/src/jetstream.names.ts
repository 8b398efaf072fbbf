/**
 * How streams and consumers are named on JetStream: one place, for the bus that makes them and for the NATS
 * permissions generated for them (each service may touch its own consumers alone).
 */

/** The durable subject roots, each its own stream (a stream over `<prefix>.>` would swallow requests). */
export const STREAM_ROOTS = ['events', 'mail', 'dead'] as const;
export type StreamRoot = (typeof STREAM_ROOTS)[number];

/**
 * Roots whose messages leave their stream once their consumer acknowledges them (JetStream work queues): mail
 * requests carry links with live tokens. Their consumers also delete what JetStream lost track of
 * (`stranded-messages.ts`).
 */
export const WORK_QUEUE_ROOTS: ReadonlySet<StreamRoot> = new Set<StreamRoot>(['mail']);

const safe = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '_');

/** The stream of one root under a prefix: `STUDIO_EVENTS`. */
export const streamName = (prefix: string, root: StreamRoot): string =>
  safe(`${prefix}_${root}`).toUpperCase();

/** The stream this system makes for another system's subject when it has none: `CHECKOUT_PACKAGE_PURCHASED`. */
export const externalStreamName = (subject: string): string => safe(subject).toUpperCase();

/** The root a durable subject of this system is under: `mail` for `mail.requests`. */
export const rootOf = (subject: string): StreamRoot => subject.split('.')[0] as StreamRoot;

/** The stream a durable subject of this system is in. */
export const streamOf = (prefix: string, subject: string): string => streamName(prefix, rootOf(subject));

/** A handler's consumer, as metrics and dead letters name it: `identity.events_client_`. */
export const consumerName = (service: string, pattern: string): string =>
  `${service}.${pattern.replace(/[.>*]+/g, '_')}`;

/** The JetStream durable of a consumer under a prefix: `studio-identity_events_client_`. */
export const durableName = (prefix: string, consumer: string): string => safe(`${prefix}-${consumer}`);
