import { DATABASE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor, SqlDatabase } from '@studio/sql';
import type { ClientLifecycle } from '../credentials/client-lifecycle';
import { toDate } from '../shared/sql';
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

/** A client's account, its password hash and its lifecycle. */
export interface ClientAccount extends AccountInStudio {
  readonly passwordHash: string;
  readonly lifecycle: ClientLifecycle;
}

interface ClientAccountRow extends AccountRow {
  readonly password_hash: string;
  readonly activated_by: string | null;
  readonly activated_version: number | null;
  readonly client_version: number;
  readonly activated_at: unknown;
}

/** The unique index that keeps one account per email in a studio. */
export const ACCOUNT_EMAIL_KEY = 'accounts_studio_email_key';

@Injectable()
export class AccountsRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  /** Any account (active or not) with its password hash, by the studio's slug and the normalised email. */
  async findForSignIn(
    slug: string,
    email: string,
  ): Promise<(AccountInStudio & { passwordHash: string }) | null> {
    const { rows } = await this.db.query<AccountRow & { password_hash: string }>(
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

  /**
   * Creates the client's account, or re-activates it, with a promoted credential: `invitationId` is the
   * invitation it came from, `version` its ClientActivated when known. Null if the id is not a client's.
   */
  async promoteClient(
    tx: SqlExecutor,
    account: NewAccount,
    activation: { readonly invitationId: string; readonly version: number | null },
    now: Date,
  ): Promise<AccountInStudio | null> {
    const { rows } = await tx.query<AccountRow>(
      `WITH saved AS (
         INSERT INTO accounts (studio_id, id, kind, email, first_name, last_name, password_hash, status, activated_at,
                               activated_by, activated_version, client_version)
         VALUES ($1, $2, 'client', $3, $4, $5, $6, 'active', $7, $8, $9, coalesce($9, 0))
         ON CONFLICT (studio_id, id) DO UPDATE
           SET email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
               password_hash = EXCLUDED.password_hash, status = 'active', activated_at = EXCLUDED.activated_at,
               activated_by = EXCLUDED.activated_by, activated_version = EXCLUDED.activated_version,
               client_version = greatest(accounts.client_version, EXCLUDED.client_version)
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
        activation.invitationId,
        activation.version,
      ],
    );
    const row = rows[0];
    return row ? toAccountInStudio(row) : null;
  }

  /** A client's account with what its lifecycle is decided from; null if there is none (or the id is staff's). */
  async findClient(tx: SqlExecutor, studioId: string, clientId: string): Promise<ClientAccount | null> {
    const { rows } = await tx.query<ClientAccountRow>(
      `SELECT ${ACCOUNT_COLUMNS}, a.password_hash, a.activated_by, a.activated_version, a.client_version, a.activated_at
         FROM accounts a JOIN studios st ON st.id = a.studio_id
        WHERE a.studio_id = $1 AND a.id = $2 AND a.kind = 'client'`,
      [studioId, clientId],
    );
    const row = rows[0];
    if (!row) return null;
    const found = toAccountInStudio(row);
    return {
      ...found,
      passwordHash: row.password_hash,
      lifecycle: {
        active: found.account.active,
        activatedBy: row.activated_by,
        activatedVersion: row.activated_version,
        clientVersion: row.client_version,
        activatedAt: toDate(row.activated_at),
      },
    };
  }

  /** Applies a client event at `version` to the account: its ClientActivated, or a deactivation (`disable`). */
  async recordClientEvent(
    tx: SqlExecutor,
    studioId: string,
    clientId: string,
    version: number,
    effect: { readonly activatedBy: string } | { readonly disable: boolean },
  ): Promise<void> {
    const activatedBy = 'activatedBy' in effect ? effect.activatedBy : null;
    const disable = 'disable' in effect && effect.disable;
    await tx.query(
      `UPDATE accounts
          SET client_version = $3,
              activated_version = CASE WHEN activated_by = $4 THEN $3 ELSE activated_version END,
              status = CASE WHEN $5 THEN 'disabled' ELSE status END
        WHERE studio_id = $1 AND id = $2 AND kind = 'client' AND client_version < $3`,
      [studioId, clientId, version, activatedBy, disable],
    );
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

  /** Applies a client's profile event once: only if `version` is newer than the last one applied. */
  async updateClientProfile(
    studioId: string,
    clientId: string,
    changes: ProfileChanges,
    version: number,
  ): Promise<void> {
    await this.db.query(
      `UPDATE accounts
          SET email = COALESCE($3, email), first_name = COALESCE($4, first_name), last_name = COALESCE($5, last_name),
              client_version = $6
        WHERE studio_id = $1 AND id = $2 AND kind = 'client' AND client_version < $6`,
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
