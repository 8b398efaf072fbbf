import { type SqlDatabase } from '@studio/sql';
import { DATABASE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientEvent, MailDelivery, PublishedEvent } from '@studio/contracts';
import { GroupCommit } from '@studio/messaging';
import { foldInto, type IndexChange } from './index-fold';
import { LIVE_INDEX } from './index-target';

/** A batch waits up to 10 ms for company: a little projection lag for a round trip saved per event. */
const BATCHING = { maxBatch: 500, lingerMs: 10 };

/**
 * Writes the live client index. Events from all lanes of the consumer are folded together, one statement a
 * batch (group commit): while one batch is written, the next gathers. The consumer hands over a client's next
 * event only after the previous one was written, so a batch holds at most one event per client.
 */
@Injectable()
export class ClientIndexWriter {
  private readonly batches: GroupCommit<IndexChange, boolean>;
  private readonly listeners = new Set<() => void>();

  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {
    this.batches = new GroupCommit(async (changes) => {
      const applied = await foldInto(db, LIVE_INDEX, changes);
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
    const { invitationId, clientId, studioId, status, at } = report;
    if (invitationId === null) return;
    await this.db.transaction(async (tx) => {
      if (clientId !== null)
        await tx.query('SELECT 1 FROM client_index WHERE client_id = $1 FOR UPDATE', [clientId]);
      await tx.query(
        `INSERT INTO invitation_delivery (invitation_id, status, at) VALUES ($1, $2, $3)
         ON CONFLICT (invitation_id) DO UPDATE SET status = EXCLUDED.status, at = EXCLUDED.at
           WHERE invitation_delivery.at <= EXCLUDED.at`,
        [invitationId, status, at],
      );
      await tx.query(
        `UPDATE client_index c SET delivery = d.status FROM invitation_delivery d
         WHERE c.invitation_id = $1 AND c.studio_id = $2 AND d.invitation_id = c.invitation_id`,
        [invitationId, studioId],
      );
    });
    for (const listener of this.listeners) listener();
  }
}
