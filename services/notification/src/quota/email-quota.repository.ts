import { DATABASE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { SqlDatabase } from '@studio/sql';

/** A studio's emails a UTC day: the higher number once its owner verified their address. */
export interface DailyEmailLimits {
  readonly verified: number;
  readonly unverified: number;
}

/** What one mail request was charged: within the studio's quota for its day or over it, and that quota. */
export interface QuotaCharge {
  readonly within: boolean;
  readonly limit: number;
}

const UNFLUSHED = { unflushedCommit: true } as const;

/**
 * The per-studio daily email counter. Each mail request is charged once, by its key, however often it is
 * delivered (and on whichever replica): the charge is recorded in the same transaction as the count, and a
 * second charge of the key answers the first's outcome. The count's row lock orders concurrent charges, so
 * a studio never gets more than its quota.
 */
@Injectable()
export class EmailQuotaRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  charge(key: string, studioId: string, now: Date, limits: DailyEmailLimits): Promise<QuotaCharge> {
    const day = now.toISOString().slice(0, 10);
    // Unflushed: the count's row is every email's of the studio, and holding it through a WAL flush queued the
    // studio's emails one by one. A crash may forget the last charges (a few emails go uncounted); the emails
    // themselves are recorded (deliveries) with a flush, so none is sent twice.
    return this.db.transaction(async (tx) => {
      // Waits for a concurrent charge of the same key to commit, then finds its row.
      const first = await tx.query(
        `INSERT INTO email_quota_charges (key, studio_id, day, within, quota) VALUES ($1, $2, $3, false, 0)
         ON CONFLICT (key) DO NOTHING RETURNING key`,
        [key, studioId, day],
      );
      if (first.rows.length === 0) {
        const { rows } = await tx.query<{ within: boolean; quota: number }>(
          'SELECT within, quota FROM email_quota_charges WHERE key = $1',
          [key],
        );
        return { within: rows[0]?.within ?? false, limit: rows[0]?.quota ?? 0 };
      }
      const verified = await tx.query('SELECT 1 FROM verified_studios WHERE studio_id = $1', [studioId]);
      const limit = verified.rows.length > 0 ? limits.verified : limits.unverified;
      // The count and the charge's outcome in one statement: the row lock is held for one round trip.
      const { rows } = await tx.query<{ within: boolean }>(
        `WITH counted AS (
           INSERT INTO studio_daily_emails (studio_id, day, sent) VALUES ($2, $3, 1)
           ON CONFLICT (studio_id, day) DO UPDATE SET sent = studio_daily_emails.sent + 1
            WHERE studio_daily_emails.sent < $4
           RETURNING sent)
         UPDATE email_quota_charges SET within = EXISTS (SELECT 1 FROM counted), quota = $4 WHERE key = $1
         RETURNING within`,
        [key, studioId, day, limit],
      );
      const within = rows[0]?.within ?? false;
      return { within, limit };
    }, UNFLUSHED);
  }

  /** The studio's owner verified their address: its next emails count against the higher quota. */
  async markVerified(studioId: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO verified_studios (studio_id, verified_at) VALUES ($1, $2) ON CONFLICT (studio_id) DO NOTHING`,
      [studioId, at.toISOString()],
    );
  }
}
