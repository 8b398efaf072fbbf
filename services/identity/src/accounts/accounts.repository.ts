import { Inject, Injectable } from '@nestjs/common';
import { PORTS, type ServicePorts } from '@studio/service-kit';
import type { SqlExecutor } from '@studio/sql';
import { ACCOUNT_COLUMNS, type AccountInStudio, type AccountRow, toAccountInStudio } from './account';

export interface NewAccount {
  readonly studioId: string;
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly passwordHash: string;
}

export interface ProfileChanges {
  readonly email?: string;
  readonly firstName?: string;
  readonly lastName?: string;
}

/** The unique index that keeps one account per email in a studio. */
export const ACCOUNT_EMAIL_KEY = 'accounts_studio_email_key';

@Injectable()
export class AccountsRepository {
  constructor(@Inject(PORTS) private readonly ports: ServicePorts) {}

  /** Any account (active or not) with its password hash, by the studio's slug and the normalised email. */
  async findForSignIn(
    slug: string,
    email: string,
  ): Promise<(AccountInStudio & { passwordHash: string }) | null> {
    const { rows } = await this.ports.db.query<AccountRow & { password_hash: string }>(
      `SELECT ${ACCOUNT_COLUMNS}, a.password_hash
         FROM accounts a JOIN studios st ON st.id = a.studio_id
        WHERE st.slug = $1 AND lower(a.email) = $2`,
      [slug, email],
    );
    const row = rows[0];
    return row ? { ...toAccountInStudio(row), passwordHash: row.password_hash } : null;
  }

  async insertStaff(tx: SqlExecutor, account: NewAccount, now: Date): Promise<void> {
    await tx.query(
      `INSERT INTO accounts (studio_id, id, kind, email, first_name, last_name, password_hash, status, activated_at)
       VALUES ($1, $2, 'staff', $3, $4, $5, $6, 'active', $7)`,
      [
        account.studioId,
        account.id,
        account.email,
        account.firstName,
        account.lastName,
        account.passwordHash,
        now.toISOString(),
      ],
    );
  }

  /** Creates the client's account, or re-activates it with the new password; null if the id is not a client's. */
  async activateClient(tx: SqlExecutor, account: NewAccount, now: Date): Promise<AccountInStudio | null> {
    const { rows } = await tx.query<AccountRow>(
      `WITH saved AS (
         INSERT INTO accounts (studio_id, id, kind, email, first_name, last_name, password_hash, status, activated_at)
         VALUES ($1, $2, 'client', $3, $4, $5, $6, 'active', $7)
         ON CONFLICT (studio_id, id) DO UPDATE
           SET email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
               password_hash = EXCLUDED.password_hash, status = 'active', activated_at = EXCLUDED.activated_at
           WHERE accounts.kind = 'client'
         RETURNING *)
       SELECT ${ACCOUNT_COLUMNS} FROM saved a JOIN studios st ON st.id = a.studio_id`,
      [
        account.studioId,
        account.id,
        account.email,
        account.firstName,
        account.lastName,
        account.passwordHash,
        now.toISOString(),
      ],
    );
    const row = rows[0];
    return row ? toAccountInStudio(row) : null;
  }

  /** Sets an active account's password hash; null if the account is gone or disabled. */
  async setPassword(
    tx: SqlExecutor,
    studioId: string,
    id: string,
    passwordHash: string,
  ): Promise<AccountInStudio | null> {
    const { rows } = await tx.query<AccountRow>(
      `WITH saved AS (
         UPDATE accounts SET password_hash = $3 WHERE studio_id = $1 AND id = $2 AND status = 'active' RETURNING *)
       SELECT ${ACCOUNT_COLUMNS} FROM saved a JOIN studios st ON st.id = a.studio_id`,
      [studioId, id, passwordHash],
    );
    const row = rows[0];
    return row ? toAccountInStudio(row) : null;
  }

  /**
   * Disables a client's account unless it was (re-)activated after `at`: a late deactivation event must not
   * lock out a client who accepted a newer invitation. True if the account is disabled now.
   */
  async disableClient(tx: SqlExecutor, studioId: string, clientId: string, at: Date): Promise<boolean> {
    const { rows } = await tx.query(
      `UPDATE accounts SET status = 'disabled'
        WHERE studio_id = $1 AND id = $2 AND kind = 'client' AND activated_at <= $3
        RETURNING id`,
      [studioId, clientId, at.toISOString()],
    );
    return rows.length > 0;
  }

  /** Applies a client's profile event once: only if `version` is newer than the last one applied. */
  async updateClientProfile(
    studioId: string,
    clientId: string,
    changes: ProfileChanges,
    version: number,
  ): Promise<void> {
    await this.ports.db.query(
      `UPDATE accounts
          SET email = COALESCE($3, email), first_name = COALESCE($4, first_name), last_name = COALESCE($5, last_name),
              profile_version = $6
        WHERE studio_id = $1 AND id = $2 AND kind = 'client' AND profile_version < $6`,
      [
        studioId,
        clientId,
        changes.email ?? null,
        changes.firstName ?? null,
        changes.lastName ?? null,
        version,
      ],
    );
  }
}
