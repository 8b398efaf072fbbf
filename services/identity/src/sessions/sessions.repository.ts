import { DATABASE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedDto, SessionDto } from '@studio/contracts';
import type { SqlExecutor, SqlDatabase } from '@studio/sql';
import {
  ACCOUNT_COLUMNS,
  type Account,
  type AccountRow,
  toAccountInStudio,
  toPrincipal,
} from '../accounts/account';
import { hashSecretToken, newSecretToken } from '../shared/secret-token';
import { toDate } from '../shared/sql';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Sessions last 30 days from their last use. */
export const SESSION_TTL_MS = 30 * DAY_MS;
/** Expiry moves at most once a day, so authenticating is (almost always) a read. */
const SLIDE_STEP_MS = DAY_MS;

/** Opaque session tokens; only their SHA-256 is stored, and a token is found by its hash. */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  /** Opens a session for an active account; the token is returned here and nowhere else. */
  async open(tx: SqlExecutor, account: Account, now: Date): Promise<SessionDto> {
    const token = newSecretToken();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    // Expired sessions of the account go as a new one comes, so the table does not grow without bound.
    await tx.query('DELETE FROM sessions WHERE studio_id = $1 AND account_id = $2 AND expires_at <= $3', [
      account.studioId,
      account.id,
      now.toISOString(),
    ]);
    await tx.query(
      `INSERT INTO sessions (token_hash, studio_id, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [hashSecretToken(token), account.studioId, account.id, now.toISOString(), expiresAt.toISOString()],
    );
    return { token, expiresAt: expiresAt.toISOString(), principal: toPrincipal(account) };
  }

  /** The session's principal and studio if the token is live and its account active; slides the expiry. */
  async authenticate(token: string, now: Date): Promise<AuthenticatedDto | null> {
    const tokenHash = hashSecretToken(token);
    const { rows } = await this.db.query<AccountRow & { expires_at: unknown }>(
      `SELECT ${ACCOUNT_COLUMNS}, s.expires_at
         FROM sessions s
         JOIN accounts a ON a.studio_id = s.studio_id AND a.id = s.account_id
         JOIN studios st ON st.id = a.studio_id
        WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.status = 'active'`,
      [tokenHash, now.toISOString()],
    );
    const row = rows[0];
    if (!row) return null;
    const renewed = now.getTime() + SESSION_TTL_MS;
    if (renewed - toDate(row.expires_at).getTime() >= SLIDE_STEP_MS) {
      await this.db.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [
        tokenHash,
        new Date(renewed).toISOString(),
      ]);
    }
    const { account, studio } = toAccountInStudio(row);
    return { principal: toPrincipal(account), studio };
  }

  async end(token: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [hashSecretToken(token)]);
  }

  /** Ends every session of the account at once. */
  async endAll(tx: SqlExecutor, studioId: string, accountId: string): Promise<void> {
    await tx.query('DELETE FROM sessions WHERE studio_id = $1 AND account_id = $2', [studioId, accountId]);
  }
}
