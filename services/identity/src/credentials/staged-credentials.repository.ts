import { DATABASE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor, SqlDatabase } from '@studio/sql';
import type { ProfileChanges } from '../accounts/accounts.repository';

/** A client's password (argon2id hash) set from an invitation, not yet its account's password. */
export interface StagedCredential {
  readonly studioId: string;
  readonly clientId: string;
  readonly invitationId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly passwordHash: string;
}

interface StagedRow {
  readonly studio_id: string;
  readonly client_id: string;
  readonly invitation_id: string;
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly password_hash: string;
}

/** One staged credential per client: staging again (a retry, or a newer invitation) replaces it. */
@Injectable()
export class StagedCredentialsRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  async stage(tx: SqlExecutor, credential: StagedCredential, now: Date): Promise<void> {
    await tx.query(
      `INSERT INTO staged_credentials
         (studio_id, client_id, invitation_id, email, first_name, last_name, password_hash, staged_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (studio_id, client_id) DO UPDATE
         SET invitation_id = EXCLUDED.invitation_id, email = EXCLUDED.email, first_name = EXCLUDED.first_name,
             last_name = EXCLUDED.last_name, password_hash = EXCLUDED.password_hash, staged_at = EXCLUDED.staged_at`,
      [
        credential.studioId,
        credential.clientId,
        credential.invitationId,
        credential.email,
        credential.firstName,
        credential.lastName,
        credential.passwordHash,
        now.toISOString(),
      ],
    );
  }

  async find(tx: SqlExecutor, studioId: string, clientId: string): Promise<StagedCredential | null> {
    const { rows } = await tx.query<StagedRow>(
      `SELECT studio_id, client_id, invitation_id, email, first_name, last_name, password_hash
         FROM staged_credentials WHERE studio_id = $1 AND client_id = $2`,
      [studioId, clientId],
    );
    const row = rows[0];
    return row
      ? {
          studioId: row.studio_id,
          clientId: row.client_id,
          invitationId: row.invitation_id,
          email: row.email,
          firstName: row.first_name,
          lastName: row.last_name,
          passwordHash: row.password_hash,
        }
      : null;
  }

  /** Removes the client's staged credential if it is the one of `invitationId`. */
  async discard(tx: SqlExecutor, studioId: string, clientId: string, invitationId: string): Promise<void> {
    await tx.query(
      'DELETE FROM staged_credentials WHERE studio_id = $1 AND client_id = $2 AND invitation_id = $3',
      [studioId, clientId, invitationId],
    );
  }

  /** A changed email or name follows onto a staged credential too, so promoting it brings no stale profile. */
  async updateProfile(studioId: string, clientId: string, changes: ProfileChanges): Promise<void> {
    await this.db.query(
      `UPDATE staged_credentials
          SET email = COALESCE($3, email), first_name = COALESCE($4, first_name), last_name = COALESCE($5, last_name)
        WHERE studio_id = $1 AND client_id = $2`,
      [studioId, clientId, changes.email ?? null, changes.firstName ?? null, changes.lastName ?? null],
    );
  }
}
