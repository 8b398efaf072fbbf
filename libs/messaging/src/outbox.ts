import type { Migration, SqlDatabase, SqlExecutor } from '@studio/sql';
import { CORRELATION_HEADER, type DurableBus } from './durable-bus.port';
import { currentCorrelationId } from './correlation';
import { Pump } from './pump';

/**
 * The transactional outbox: a service writes the message it must send in the same transaction as the state
 * change that calls for it, and the relay publishes it afterwards, deleting the row once the bus has it.
 * A crash between the two re-publishes the row; `msgId` makes that harmless.
 */
export const outboxMigration: Migration = {
  id: 2,
  sql: `CREATE TABLE IF NOT EXISTS outbox (
          seq bigserial PRIMARY KEY,
          msg_id text NOT NULL UNIQUE,
          subject text NOT NULL,
          data jsonb NOT NULL,
          headers jsonb NOT NULL DEFAULT '{}'::jsonb,
          created_at timestamptz NOT NULL DEFAULT now());
        ALTER TABLE outbox ADD COLUMN IF NOT EXISTS order_key text`,
};

const PAGE = 500;

/** `key`: messages with the same key are handled in the order they were enqueued (e.g. per invitation). */
export async function enqueue(
  tx: SqlExecutor,
  subject: string,
  data: unknown,
  msgId: string,
  key?: string,
): Promise<void> {
  const headers = { [CORRELATION_HEADER]: currentCorrelationId() ?? '' };
  await tx.query(
    {
      name: 'outbox.enqueue',
      text: `INSERT INTO outbox (msg_id, subject, data, headers, order_key) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (msg_id) DO NOTHING`,
    },
    [msgId, subject, JSON.stringify(data), JSON.stringify(headers), key ?? null],
  );
}

interface OutboxRow {
  readonly seq: string;
  readonly msg_id: string;
  readonly subject: string;
  readonly data: unknown;
  readonly headers: Record<string, string>;
  readonly order_key: string | null;
}

/** Publishes the outbox a page at a time, every publish in flight at once, then deletes the page. */
export class OutboxRelay {
  private readonly pump: Pump;

  constructor(
    private readonly db: SqlDatabase,
    private readonly bus: DurableBus,
    pollMs = 1_000,
  ) {
    this.pump = new Pump(() => this.relayPage(), pollMs, 'outbox relay');
  }

  start(): void {
    this.pump.start();
  }

  /** Call after a commit that enqueued something, to publish it now rather than at the next poll. */
  nudge(): void {
    this.pump.nudge();
  }

  stop(): Promise<void> {
    return this.pump.stop();
  }

  /** Returns whether there may be more to do. */
  private async relayPage(): Promise<boolean> {
    const { rows } = await this.db.query<OutboxRow>(
      {
        name: 'outbox.page',
        text: 'SELECT seq, msg_id, subject, data, headers, order_key FROM outbox ORDER BY seq LIMIT $1',
      },
      [PAGE],
    );
    if (rows.length === 0) return false;
    await Promise.all(
      rows.map((row) =>
        this.bus.publish(row.subject, row.data, {
          msgId: row.msg_id,
          headers: row.headers,
          ...(row.order_key === null ? {} : { key: row.order_key }),
        }),
      ),
    );
    await this.db.query({ name: 'outbox.delete', text: 'DELETE FROM outbox WHERE seq = ANY($1::bigint[])' }, [
      rows.map((row) => row.seq),
    ]);
    return rows.length === PAGE;
  }
}
