import type { PublisherLag } from '@studio/contracts';

/** What an event publisher can say about how far the bus is behind the store. */
export interface PublisherSource {
  /** Events in the store not yet published. */
  lag(): Promise<number>;
  /** When the oldest of them was recorded; null when there is none. */
  oldestUnpublishedAt(): Promise<Date | null>;
}

/** By the service that runs it (embedded, every service shares the process). */
const sources = new Map<string, PublisherSource>();

/** A service registers its publisher while it runs; the operator's `lag` asks it. */
export function reportPublisher(service: string, source: PublisherSource): () => void {
  sources.set(service, source);
  return () => {
    if (sources.get(service) === source) sources.delete(service);
  };
}

/** How the service's publisher stands; null when it publishes nothing. */
export async function publisherStanding(service: string): Promise<PublisherLag | null> {
  const source = sources.get(service);
  if (source === undefined) return null;
  const [behind, oldest] = await Promise.all([source.lag(), source.oldestUnpublishedAt()]);
  return { behind, oldestUnpublishedAt: oldest === null ? null : oldest.toISOString() };
}
