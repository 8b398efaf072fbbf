import { type PublishedEvent } from '@studio/contracts';
import { type EventStore, type RecordedEvent, START } from '@studio/event-store';
import type { SqlDatabase } from '@studio/sql';
import { CORRELATION_HEADER, type DurableBus } from './durable-bus.port';
import type { Lease } from './lease';
import { Pump } from './pump';

export const publisherCheckpointMigration = {
  id: 2,
  sql: `CREATE TABLE IF NOT EXISTS publisher_checkpoints (name text PRIMARY KEY, position text NOT NULL)`,
};

/**
 * Tails the event store in its global order and publishes each event on `events.<category>.<type>` (the
 * category is the stream's, e.g. `client` for `client-<id>`, so `events.client.ClientInvited`) with its id as
 * the message id, moving its checkpoint after the bus has the event. Re-publishing after a crash is
 * de-duplicated by the bus (JetStream's `Nats-Msg-Id`) or absorbed by idempotent consumers.
 * One publisher at a time, by lease, so replicas of client-registry are safe.
 */
export class EventStorePublisher {
  private readonly pump: Pump;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly bus: DurableBus,
    private readonly lease: Lease,
    private readonly name = 'client-events',
    pollMs = 250,
  ) {
    this.pump = new Pump(() => this.publishBatch(), pollMs, 'event publisher');
  }

  start(): void {
    this.pump.start();
  }

  nudge(): void {
    this.pump.nudge();
  }

  async stop(): Promise<void> {
    await this.pump.stop();
    await this.lease.release().catch(() => undefined);
  }

  async position(): Promise<string> {
    const { rows } = await this.db.query<{ position: string }>(
      'SELECT position FROM publisher_checkpoints WHERE name = $1',
      [this.name],
    );
    return rows[0]?.position ?? START;
  }

  private async publishBatch(): Promise<boolean> {
    if (!(await this.lease.acquire())) return false;
    const page = await this.store.readAll({ from: await this.position(), limit: 200 });
    for (const event of page.events) {
      await this.bus.publish(subjectOf(event), toPublished(event), {
        msgId: event.id,
        headers: { [CORRELATION_HEADER]: String(event.metadata.correlationId ?? '') },
      });
    }
    if (page.events.length > 0) {
      // Only while this publisher still holds the lease: one that stalled past it must not move back the
      // checkpoint of the one that took over.
      await this.db.query(
        `INSERT INTO publisher_checkpoints (name, position)
           SELECT $1, $2 WHERE EXISTS (
             SELECT 1 FROM leases WHERE name = $3 AND holder = $4 AND expires_at > now())
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
        [this.name, page.next, this.lease.name, this.lease.holder],
      );
    }
    return page.events.length === 200;
  }
}

/** `client-<id>` → `events.client.<type>`: consumers of client events never see another stream's. */
const subjectOf = (event: RecordedEvent): string =>
  `events.${event.streamId.split('-')[0] ?? 'unknown'}.${event.type}`;

export const toPublished = (event: RecordedEvent): PublishedEvent => ({
  id: event.id,
  type: event.type,
  data: event.data,
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  position: event.position,
  recordedAt: event.recordedAt.toISOString(),
  metadata: event.metadata,
});
