import { type PublishedEvent } from '@studio/contracts';
import { type EventStore, type GlobalPosition, type RecordedEvent, START } from '@studio/event-store';
import type { Migration, SqlDatabase } from '@studio/sql';
import { CORRELATION_HEADER, type DurableBus } from './durable-bus.port';
import { reportPublisherLag } from './bus.metrics';
import type { Lease } from './lease';
import { Pump } from './pump';

export const publisherCheckpointMigration: Migration = {
  id: 3,
  sql: `CREATE TABLE IF NOT EXISTS publisher_checkpoints (name text PRIMARY KEY, position text NOT NULL)`,
};

/** How long after an append's wake-up the publisher reads: one page per burst, not one per append. */
const GATHER_MS = 5;

export interface EventStorePublisherOptions {
  /** The checkpoint's name. */
  readonly name?: string;
  /** Events read and published at once. */
  readonly pageSize?: number;
  /** How often to look for work without a wake-up (and, for a replica without the lease, to try to take it). */
  readonly pollMs?: number;
  /** How often the holder renews its lease (well inside the lease's time to live). */
  readonly renewEveryMs?: number;
  /**
   * How often the holder stores its position. A crash re-publishes what came after the stored one, which the
   * bus de-duplicates (JetStream's window is ten minutes), so this trades a write per page for a few repeats.
   */
  readonly saveEveryMs?: number;
}

/**
 * Tails the event store in its global order and publishes each event on `events.<category>.<type>` (the
 * category is the stream's, e.g. `client` for `client-<id>`, so `events.client.ClientInvited`) with its id as
 * the message id and its stream id and version as the ordering key and sequence. Woken by the store's appends
 * (`watch`), it publishes a page at a time with every publish in flight at once, and moves its checkpoint once
 * the bus has them all. Re-publishing after a crash is de-duplicated by the bus (JetStream's `Nats-Msg-Id`) or
 * absorbed by the consumers, which also keep each stream's order should a retried publish land late.
 * One publisher at a time, by lease, so replicas of client-registry are safe.
 */
export class EventStorePublisher {
  private readonly pump: Pump;
  private readonly name: string;
  private readonly pageSize: number;
  private readonly renewEveryMs: number;
  private readonly saveEveryMs: number;
  /** Where this holder stands, known only while it holds the lease. */
  private current: GlobalPosition | undefined;
  private renewedAt = 0;
  private savedAt = 0;
  /** Published, not yet stored. */
  private unsaved = false;
  private unwatch: (() => Promise<void>) | undefined;
  private unreport: (() => void) | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly bus: DurableBus,
    private readonly lease: Lease,
    options: EventStorePublisherOptions = {},
  ) {
    this.name = options.name ?? 'client-events';
    this.pageSize = options.pageSize ?? 500;
    this.renewEveryMs = options.renewEveryMs ?? 5_000;
    this.saveEveryMs = options.saveEveryMs ?? 1_000;
    this.pump = new Pump(() => this.publishPage(), options.pollMs ?? 1_000, 'event publisher');
  }

  async start(): Promise<void> {
    // A few milliseconds after the first append of a burst, so the appends that follow go in the same page.
    let waking: NodeJS.Timeout | undefined;
    this.unwatch = await this.store.watch(() => {
      waking ??= setTimeout(() => {
        waking = undefined;
        this.pump.nudge();
      }, GATHER_MS);
    });
    this.pump.start();
    this.unreport = reportPublisherLag(() => this.lag());
  }

  async stop(): Promise<void> {
    this.unreport?.();
    await this.unwatch?.();
    await this.pump.stop();
    if (this.unsaved && this.current !== undefined) await this.save(this.current).catch(() => undefined);
    await this.lease.release().catch(() => undefined);
  }

  /** Events in the store not yet on the bus (as of the stored position), up to a million. */
  async lag(): Promise<number> {
    return this.store.countAfter(await this.position(), 1_000_000);
  }

  /** When the first event not yet published (as of the stored position) was recorded. */
  async oldestUnpublishedAt(): Promise<Date | null> {
    const page = await this.store.readAll({ from: await this.position(), limit: 1 });
    return page.events[0]?.recordedAt ?? null;
  }

  /** The stored checkpoint: what every event before it has been published. */
  async position(): Promise<GlobalPosition> {
    const { rows } = await this.db.query<{ position: string }>(
      'SELECT position FROM publisher_checkpoints WHERE name = $1',
      [this.name],
    );
    return rows[0]?.position ?? START;
  }

  private async publishPage(): Promise<boolean> {
    if (!(await this.holdLease())) return false;
    const from = (this.current ??= await this.position());
    const page = await this.store.readAll({ from, limit: this.pageSize });
    if (page.events.length === 0) {
      // Idle: store what is still unsaved, so a later crash repeats nothing.
      if (this.unsaved) await this.save(from);
      return false;
    }
    await Promise.all(
      page.events.map((event) =>
        this.bus.publish(subjectOf(event), toPublished(event), {
          msgId: event.id,
          key: event.streamId,
          sequence: event.streamVersion,
          headers: { [CORRELATION_HEADER]: String(event.metadata.correlationId ?? '') },
        }),
      ),
    );
    this.current = page.next;
    this.unsaved = true;
    if (Date.now() - this.savedAt >= this.saveEveryMs && !(await this.save(page.next))) return false;
    return page.events.length === this.pageSize;
  }

  /**
   * Stores the position, only while this publisher still holds the lease: one that stalled past it must not
   * move back the checkpoint of the one that took over. False when it no longer holds it.
   */
  private async save(position: GlobalPosition): Promise<boolean> {
    const { rows } = await this.db.query(
      {
        name: 'publisher_checkpoints.advance',
        text: `INSERT INTO publisher_checkpoints (name, position)
                 SELECT $1, $2 WHERE EXISTS (
                   SELECT 1 FROM leases WHERE name = $3 AND holder = $4 AND expires_at > now())
               ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position
               RETURNING name`,
      },
      [this.name, position, this.lease.name, this.lease.holder],
    );
    this.savedAt = Date.now();
    this.unsaved = false;
    if (rows.length === 0) this.current = undefined;
    return rows.length > 0;
  }

  /** Takes or renews the lease when due; a holder that lost it forgets its place. */
  private async holdLease(): Promise<boolean> {
    const now = Date.now();
    if (this.current !== undefined && now - this.renewedAt < this.renewEveryMs) return true;
    const held = await this.lease.acquire();
    this.renewedAt = now;
    if (!held) this.current = undefined;
    return held;
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
