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

/**
 * The per-studio daily email counter. Each mail request is charged once, by its key, however often it is
 * delivered (and on whichever replica): the charge is recorded in the same transaction as the count, and a
 * second charge of the key answers the first's outcome. The count's row lock orders concurrent charges, so
 * a studio never gets more than its quota.
 */
@Injectable()
export class EmailQuotaRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  /** One statement: `charge_daily_email` (notification.migrations.ts), which also says why it commits unflushed. */
  async charge(key: string, studioId: string, now: Date, limits: DailyEmailLimits): Promise<QuotaCharge> {
    const { rows } = await this.db.query<{ is_within: boolean; charged_quota: number }>(
      {
        name: 'email_quota.charge',
        text: 'SELECT is_within, charged_quota FROM charge_daily_email($1, $2, $3, $4, $5)',
      },
      [key, studioId, now.toISOString().slice(0, 10), limits.verified, limits.unverified],
    );
    return { within: rows[0]?.is_within ?? false, limit: rows[0]?.charged_quota ?? 0 };
  }

  /** The studio's owner verified their address: its next emails count against the higher quota. */
  async markVerified(studioId: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO verified_studios (studio_id, verified_at) VALUES ($1, $2) ON CONFLICT (studio_id) DO NOTHING`,
      [studioId, at.toISOString()],
    );
  }
}
