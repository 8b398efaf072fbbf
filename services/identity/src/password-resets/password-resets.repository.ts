import { DATABASE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor, SqlDatabase } from '@studio/sql';
import { toDate } from '../shared/sql';
import type { RecentResets } from './password-reset-limit';

export interface PasswordReset {
  readonly id: string;
  readonly studioId: string;
  readonly accountId: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly supersededAt: Date | null;
}

export interface NewPasswordReset {
  readonly id: string;
  readonly tokenHash: string;
  readonly studioId: string;
  readonly accountId: string;
  readonly expiresAt: Date;
}

interface ResetRow {
  readonly id: string;
  readonly studio_id: string;
  readonly account_id: string;
  readonly expires_at: unknown;
  readonly used_at: unknown;
  readonly superseded_at: unknown;
}

/** Password resets, found by the SHA-256 of their token; the token itself is never stored. */
@Injectable()
export class PasswordResetsRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  async findByTokenHash(tokenHash: string): Promise<PasswordReset | null> {
    const { rows } = await this.db.query<ResetRow>(
      'SELECT id, studio_id, account_id, expires_at, used_at, superseded_at FROM password_resets WHERE token_hash = $1',
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      studioId: row.studio_id,
      accountId: row.account_id,
      expiresAt: toDate(row.expires_at),
      usedAt: row.used_at == null ? null : toDate(row.used_at),
      supersededAt: row.superseded_at == null ? null : toDate(row.superseded_at),
    };
  }

  /**
   * The account's resets of the last minute and hour, with the account locked until the transaction ends, so
   * concurrent requests are counted one after the other.
   */
  async recent(tx: SqlExecutor, studioId: string, accountId: string, now: Date): Promise<RecentResets> {
    await tx.query('SELECT 1 FROM accounts WHERE studio_id = $1 AND id = $2 FOR UPDATE', [
      studioId,
      accountId,
    ]);
    const { rows } = await tx.query<{ minute: unknown; hour: unknown }>(
      `SELECT count(*) FILTER (WHERE created_at > $3) AS minute, count(*) AS hour FROM password_resets
        WHERE studio_id = $1 AND account_id = $2 AND created_at > $4`,
      [
        studioId,
        accountId,
        new Date(now.getTime() - 60_000).toISOString(),
        new Date(now.getTime() - 3_600_000).toISOString(),
      ],
    );
    return { lastMinute: Number(rows[0]?.minute ?? 0), lastHour: Number(rows[0]?.hour ?? 0) };
  }

  /** Retires the account's unused resets (a newer one replaces them, or the account changed). */
  async supersedeOpen(tx: SqlExecutor, studioId: string, accountId: string, now: Date): Promise<void> {
    await tx.query(
      `UPDATE password_resets SET superseded_at = $3
        WHERE studio_id = $1 AND account_id = $2 AND used_at IS NULL AND superseded_at IS NULL`,
      [studioId, accountId, now.toISOString()],
    );
  }

  async insert(tx: SqlExecutor, reset: NewPasswordReset, now: Date): Promise<void> {
    await tx.query(
      `INSERT INTO password_resets (id, token_hash, studio_id, account_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        reset.id,
        reset.tokenHash,
        reset.studioId,
        reset.accountId,
        now.toISOString(),
        reset.expiresAt.toISOString(),
      ],
    );
  }

  /** Uses the reset up if it is still open and live; false if another request got there first. */
  async claim(tx: SqlExecutor, id: string, now: Date): Promise<boolean> {
    const { rows } = await tx.query(
      `UPDATE password_resets SET used_at = $2
        WHERE id = $1 AND used_at IS NULL AND superseded_at IS NULL AND expires_at > $2
        RETURNING id`,
      [id, now.toISOString()],
    );
    return rows.length > 0;
  }
}
