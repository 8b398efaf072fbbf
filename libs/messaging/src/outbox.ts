import type { SqlDatabase, SqlExecutor } from '@studio/sql';
import { CORRELATION_HEADER, type DurableBus } from './durable-bus.port';
import { currentCorrelationId } from './correlation';
import { Pump } from './pump';

/**
 * The transactional outbox: a service writes the message it must send in the same transaction as the state
 * change that calls for it, and the relay publishes it afterwards, deleting the row once the bus has it.
 * A crash between the two re-publishes the row; `msgId` makes that harmless.
 */
export const outboxMigration = {
  id: 1,
  sql: `CREATE TABLE IF NOT EXISTS outbox (
          seq bigserial PRIMARY KEY,
          msg_id text NOT NULL UNIQUE,
          subject text NOT NULL,
          data jsonb NOT NULL,
          headers jsonb NOT NULL DEFAULT '{}'::jsonb,
          created_at timestamptz NOT NULL DEFAULT now())`,
};

export async function enqueue(tx: SqlExecutor, subject: string, data: unknown, msgId: string): Promise<void> {
  const headers = { [CORRELATION_HEADER]: currentCorrelationId() ?? '' };
  await tx.query(
    `INSERT INTO outbox (msg_id, subject, data, headers) VALUES ($1, $2, $3, $4) ON CONFLICT (msg_id) DO NOTHING`,
    [msgId, subject, JSON.stringify(data), JSON.stringify(headers)],
  );
}

export class OutboxRelay {
  private readonly pump: Pump;

  constructor(
    private readonly db: SqlDatabase,
    private readonly bus: DurableBus,
    pollMs = 500,
  ) {
    this.pump = new Pump(() => this.relayBatch(), pollMs, 'outbox relay');
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
  private async relayBatch(): Promise<boolean> {
    const { rows } = await this.db.query<{
      seq: string;
      msg_id: string;
      subject: string;
      data: unknown;
      headers: Record<string, string>;
    }>('SELECT seq, msg_id, subject, data, headers FROM outbox ORDER BY seq LIMIT 100');
    for (const row of rows) {
      await this.bus.publish(row.subject, row.data, { msgId: row.msg_id, headers: row.headers });
      await this.db.query('DELETE FROM outbox WHERE seq = $1', [row.seq]);
    }
    return rows.length === 100;
  }
}
