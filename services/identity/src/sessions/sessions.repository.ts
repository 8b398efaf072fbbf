import { DATABASE, SETTINGS } from '@studio/service-kit';
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
import type { IdentitySettings } from '../identity.settings';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Sessions last 30 days from their last use (idle), and never beyond SESSION_ABSOLUTE_LIFETIME from sign-in. */
export const SESSION_TTL_MS = 30 * DAY_MS;
/** Expiry moves at most once a day, so authenticating is (almost always) a read. */
const SLIDE_STEP_MS = DAY_MS;

const AUTHENTICATE = `SELECT ${ACCOUNT_COLUMNS}, s.expires_at, s.created_at AS session_created_at
    FROM sessions s
    JOIN accounts a ON a.studio_id = s.studio_id AND a.id = s.account_id
    JOIN studios st ON st.id = a.studio_id
   WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.created_at > $3 AND a.status = 'active'`;

/** Opaque session tokens; only their SHA-256 is stored, and a token is found by its hash. */
@Injectable()
export class SessionsRepository {
  constructor(
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  /** When a session opened at `createdAt` and used at `now` ends: idle expiry, capped by its absolute end. */
  private expiryOf(createdAt: Date, now: Date): Date {
    const idle = now.getTime() + SESSION_TTL_MS;
    return new Date(Math.min(idle, createdAt.getTime() + this.settings.sessionAbsoluteLifetimeMs));
  }

  /** Opens a session for an active account; the token is returned here and nowhere else. */
  async open(tx: SqlExecutor, account: Account, now: Date): Promise<SessionDto> {
    const token = newSecretToken();
    const expiresAt = this.expiryOf(now, now);
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
    // Every authenticated request asks this: prepared once per connection (the planning was half its cost).
    const { rows } = await this.db.query<AccountRow & { expires_at: unknown; session_created_at: unknown }>(
      { name: 'sessions.authenticate', text: AUTHENTICATE },
      [
        tokenHash,
        now.toISOString(),
        new Date(now.getTime() - this.settings.sessionAbsoluteLifetimeMs).toISOString(),
      ],
    );
    const row = rows[0];
    if (!row) return null;
    // expires_at never slides past the absolute end (created_at is checked too, for sessions older than it).
    const renewed = this.expiryOf(toDate(row.session_created_at), now).getTime();
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
