import { Inject, Injectable } from '@nestjs/common';
import type { ClientEvent, MailDelivery, PublishedEvent } from '@studio/contracts';
import { GroupCommit } from '@studio/messaging';
import type { IndexChange } from './client-fold';
import { CLIENT_INDEX, type ClientIndexRepository } from './client-index.repository';

/** A batch waits up to 10 ms for company: a little projection lag for a round trip saved per event. */
const BATCHING = { maxBatch: 500, lingerMs: 10 };

/**
 * Writes the live client index. Events from all lanes of the consumer are folded together, one write a batch
 * (group commit): while one batch is written, the next gathers. The consumer hands over a client's next event
 * only after the previous one was written, so a batch holds at most one event per client.
 */
@Injectable()
export class ClientIndexWriter {
  private readonly batches: GroupCommit<IndexChange, boolean>;
  private readonly listeners = new Set<() => void>();

  constructor(@Inject(CLIENT_INDEX) private readonly index: ClientIndexRepository) {
    this.batches = new GroupCommit(async (changes) => {
      const applied = await index.fold('live', changes);
      for (const listener of this.listeners) listener();
      return applied;
    }, BATCHING);
  }

  /** False when the event was already applied (a redelivery) or changes nothing. */
  apply(published: PublishedEvent, event: ClientEvent): Promise<boolean> {
    return this.batches.run({ published, event });
  }

  /** Called after each batch this process commits: readers waiting for a version look again at once. */
  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shows an invitation email's fate on its client, when that invitation is still the current one. */
  async recordDelivery(report: MailDelivery): Promise<void> {
    const { invitationId } = report;
    if (invitationId === null) return;
    await this.index.recordDelivery({ ...report, invitationId });
    for (const listener of this.listeners) listener();
  }
}
