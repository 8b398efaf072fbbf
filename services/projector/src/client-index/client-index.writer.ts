import { Inject, Injectable } from '@nestjs/common';
import type { ClientEvent, Delivery, MailDelivery, PublishedEvent } from '@studio/contracts';
import { PORTS, type ServicePorts } from '@studio/service-kit';
import type { SqlExecutor } from '@studio/sql';
import { project } from './client-projection';
import { type IndexTable, isDelivery, rowParams, type StoredClient, upsertRow } from './client-row';

/** Where events fold into: a table of client rows and the checkpoint that moves with it. */
export interface IndexTarget {
  readonly table: IndexTable;
  readonly checkpoint: string;
}
export const LIVE_INDEX: IndexTarget = { table: 'client_index', checkpoint: 'client-index' };

/**
 * Writes the client index. Each event's row change and the checkpoint move in one transaction; the row is
 * locked first so an event and a delivery report for the same client never interleave.
 */
@Injectable()
export class ClientIndexWriter {
  constructor(@Inject(PORTS) private readonly ports: ServicePorts) {}

  /** False when the event was already applied (a redelivery) or changes nothing. */
  apply(published: PublishedEvent, event: ClientEvent): Promise<boolean> {
    return this.ports.db.transaction((tx) => this.applyIn(tx, LIVE_INDEX, published, event));
  }

  /**
   * The fold of one event into `target` on the caller's transaction: the live consumer's step, and the one a
   * rebuild runs for each event it replays (into a fresh copy, then to catch up on the live index).
   */
  async applyIn(
    tx: SqlExecutor,
    target: IndexTarget,
    published: PublishedEvent,
    event: ClientEvent,
  ): Promise<boolean> {
    const { rows } = await tx.query<StoredClient & { invitation_id: string | null }>(
      `SELECT state, delivery, invitation_id FROM ${target.table} WHERE client_id = $1 FOR UPDATE`,
      [event.data.clientId],
    );
    const current = rows[0];
    const next = project(current?.state, event, published.streamVersion);
    if (next === undefined) return false;
    const invitationId = next.invitation?.invitationId ?? null;
    const delivery = await this.deliveryFor(tx, invitationId, current);
    await tx.query(upsertRow(target.table), rowParams(next, invitationId, delivery));
    await tx.query(
      `INSERT INTO projector_checkpoint (name, position, events) VALUES ($1, $2, 1)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, events = projector_checkpoint.events + 1,
         updated_at = now()`,
      [target.checkpoint, published.position],
    );
    return true;
  }

  /** Shows an invitation email's fate on its client, when that invitation is still the current one. */
  async recordDelivery(report: MailDelivery): Promise<void> {
    const { invitationId, clientId, studioId, status, at } = report;
    if (invitationId === null) return;
    await this.ports.db.transaction(async (tx) => {
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
  }

  /** The same invitation keeps its delivery; a new one starts from what was reported for it, if anything. */
  private async deliveryFor(
    tx: SqlExecutor,
    invitationId: string | null,
    current: { invitation_id: string | null; delivery: string | null } | undefined,
  ): Promise<Delivery | null> {
    if (invitationId === null) return null;
    if (current?.invitation_id === invitationId && isDelivery(current.delivery)) return current.delivery;
    const { rows } = await tx.query<{ status: string }>(
      'SELECT status FROM invitation_delivery WHERE invitation_id = $1',
      [invitationId],
    );
    const reported = rows[0]?.status;
    return isDelivery(reported) ? reported : 'pending';
  }
}
