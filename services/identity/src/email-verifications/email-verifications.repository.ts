import { DATABASE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { SqlDatabase, SqlExecutor } from '@studio/sql';

export interface NewEmailVerification {
  readonly id: string;
  readonly tokenHash: string;
  readonly studioId: string;
  readonly accountId: string;
}

export interface EmailVerification {
  readonly id: string;
  readonly studioId: string;
  readonly verified: boolean;
}

/** The owner's address verifications, found by the SHA-256 of their token; the token itself is never stored. */
@Injectable()
export class EmailVerificationsRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  async insert(tx: SqlExecutor, verification: NewEmailVerification, now: Date): Promise<void> {
    await tx.query(
      `INSERT INTO email_verifications (id, token_hash, studio_id, account_id, created_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [
        verification.id,
        verification.tokenHash,
        verification.studioId,
        verification.accountId,
        now.toISOString(),
      ],
    );
  }

  async findByTokenHash(tokenHash: string): Promise<EmailVerification | null> {
    const { rows } = await this.db.query<{ id: string; studio_id: string; verified_at: unknown }>(
      'SELECT id, studio_id, verified_at FROM email_verifications WHERE token_hash = $1',
      [tokenHash],
    );
    const row = rows[0];
    return row ? { id: row.id, studioId: row.studio_id, verified: row.verified_at != null } : null;
  }

  /** Records the verification if it is not yet: false when another request got there first. */
  async markVerified(tx: SqlExecutor, id: string, now: Date): Promise<boolean> {
    const { rows } = await tx.query(
      'UPDATE email_verifications SET verified_at = $2 WHERE id = $1 AND verified_at IS NULL RETURNING id',
      [id, now.toISOString()],
    );
    return rows.length > 0;
  }
}
