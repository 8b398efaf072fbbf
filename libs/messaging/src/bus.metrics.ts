import { Counter, Histogram, register } from 'prom-client';

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
