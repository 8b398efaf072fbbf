import { DATABASE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { MailTemplate } from '@studio/contracts';
import type { SqlExecutor, SqlDatabase } from '@studio/sql';

export type DeliveryStatus = 'sending' | 'sent' | 'failed';

/**
 * A claim on one attempt: go ahead (with the attempt number and when the first one was made), already
 * settled, or in hand elsewhere.
 */
export type Claim =
  | { readonly kind: 'attempt'; readonly attempts: number; readonly since: Date }
  | { readonly kind: 'settled' }
  | { readonly kind: 'busy' };

@Injectable()
export class DeliveriesRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  /** One statement in the common case: a new key's row is made claimed, a known one claimed if it is free. */
  async claim(key: string, template: MailTemplate, now: Date, holdMs: number): Promise<Claim> {
    const claimed = await this.db.query<{ attempts: number; created_at: Date }>(
      {
        name: 'deliveries.claim',
        text: `INSERT INTO deliveries AS d (key, template, status, attempts, claimed_until, created_at, updated_at)
               VALUES ($1, $2, 'sending', 1, $3::timestamptz + $4 * interval '1 millisecond', $3, $3)
               ON CONFLICT (key) DO UPDATE
                 SET attempts = d.attempts + 1, claimed_until = EXCLUDED.claimed_until, updated_at = $3
                 WHERE d.status = 'sending' AND (d.claimed_until IS NULL OR d.claimed_until < $3)
               RETURNING attempts, created_at`,
      },
      [key, template, now, holdMs],
    );
    const row = claimed.rows[0];
    if (row) return { kind: 'attempt', attempts: row.attempts, since: new Date(row.created_at) };
    const { rows } = await this.db.query<{ status: DeliveryStatus }>(
      'SELECT status FROM deliveries WHERE key = $1',
      [key],
    );
    return rows[0]?.status === 'sending' ? { kind: 'busy' } : { kind: 'settled' };
  }

  /** An attempt failed and will be retried: let the next delivery claim it at once. */
  async release(key: string, error: string, now: Date): Promise<void> {
    await this.db.query(
      'UPDATE deliveries SET claimed_until = NULL, last_error = $2, updated_at = $3 WHERE key = $1',
      [key, error, now],
    );
  }

  async settle(
    tx: SqlExecutor,
    key: string,
    status: 'sent' | 'failed',
    now: Date,
    error: string | null,
  ): Promise<void> {
    await tx.query(
      `UPDATE deliveries SET status = $2, claimed_until = NULL, updated_at = $3, last_error = coalesce($4, last_error),
              sent_at = CASE WHEN $2 = 'sent' THEN $3 ELSE sent_at END
        WHERE key = $1`,
      [key, status, now, error],
    );
  }
}
