import { Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * What the bus does, per service: requests answered and durable messages handled, by subject and outcome,
 * and how long handlers take. Registered in prom-client's default registry, which each service's
 * `/metrics` exposes beside its own.
 */
export const busMessages = new Counter({
  name: 'studio_bus_messages_total',
  help: 'Bus messages handled, by service, kind (request or durable), subject and outcome',
  labelNames: ['service', 'kind', 'subject', 'outcome'] as const,
  registers: [register],
});

export const busHandlerSeconds = new Histogram({
  name: 'studio_bus_handler_seconds',
  help: 'Time spent in bus handlers, by service, kind and subject',
  labelNames: ['service', 'kind', 'subject'] as const,
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [register],
});

export type BusKind = 'request' | 'durable';

/** Times `work` and counts its outcome: `ok`, `refused` (a problem answer) or `failed`. */
export async function measured<T>(
  labels: { service: string; kind: BusKind; subject: string },
  work: () => Promise<T>,
  outcomeOf: (result: T) => 'ok' | 'refused' = () => 'ok',
): Promise<T> {
  const stop = busHandlerSeconds.startTimer(labels);
  try {
    const result = await work();
    busMessages.inc({ ...labels, outcome: outcomeOf(result) });
    return result;
  } catch (error) {
    busMessages.inc({ ...labels, outcome: 'failed' });
    throw error;
  } finally {
    stop();
  }
}

/** Messages that failed for good, by consumer (they are on `dead.<consumer>`, or logged when embedded). */
export const deadLetters = new Counter({
  name: 'studio_dead_letters_total',
  help: 'Messages dead-lettered after their deliveries were spent, by consumer',
  labelNames: ['consumer'] as const,
  registers: [register],
});

/**
 * Messages JetStream delivered and then lost track of (neither in flight nor to be delivered again: a cluster
 * fault, `stranded-messages.ts`), found in their work-queue stream and handled by the bus itself.
 */
export const strandedMessages = new Counter({
  name: 'studio_stranded_messages_total',
  help: 'Messages JetStream lost track of after delivering them, found in their stream and handled again, by consumer',
  labelNames: ['consumer'] as const,
  registers: [register],
});

/** How a durable consumer stands, as its adapter knows it when scraped. */
export interface ConsumerStanding {
  /** Messages stored for the consumer and not delivered yet. */
  readonly pending: number;
  /** Delivered and not acknowledged yet: in hand in some instance. */
  readonly ackPending: number;
}

const consumerSources = new Map<string, () => Promise<ConsumerStanding>>();

/** Adapters register each consumer they run; a scrape asks each for its standing. */
export function reportConsumer(consumer: string, standing: () => Promise<ConsumerStanding>): () => void {
  consumerSources.set(consumer, standing);
  return () => consumerSources.delete(consumer);
}

async function standings(): Promise<[string, ConsumerStanding][]> {
  const entries = await Promise.all(
    [...consumerSources].map(async ([consumer, standing]) => {
      const found = await standing().catch(() => undefined);
      return found === undefined ? [] : [[consumer, found] as [string, ConsumerStanding]];
    }),
  );
  return entries.flat();
}

export const consumerPending = new Gauge({
  name: 'studio_consumer_pending_messages',
  help: 'Messages stored for a durable consumer and not yet delivered to it',
  labelNames: ['consumer'] as const,
  registers: [register],
  async collect() {
    this.reset();
    for (const [consumer, standing] of await standings()) this.set({ consumer }, standing.pending);
  },
});

export const consumerAckPending = new Gauge({
  name: 'studio_consumer_ack_pending_messages',
  help: 'Messages delivered to a durable consumer and not yet acknowledged (in hand)',
  labelNames: ['consumer'] as const,
  registers: [register],
  async collect() {
    this.reset();
    for (const [consumer, standing] of await standings()) this.set({ consumer }, standing.ackPending);
  },
});

let publisherLag: (() => Promise<number>) | undefined;

/** The event publisher of this process reports how far the bus is behind the store. */
export function reportPublisherLag(lag: () => Promise<number>): () => void {
  publisherLag = lag;
  return () => {
    if (publisherLag === lag) publisherLag = undefined;
  };
}

export const publisherLagEvents = new Gauge({
  name: 'studio_publisher_lag_events',
  help: 'Events in the event store not yet published on the bus (as of the stored position)',
  registers: [register],
  async collect() {
    this.reset();
    const lag = await publisherLag?.().catch(() => undefined);
    if (lag !== undefined) this.set(lag);
  },
});
