import { DATABASE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientProfile, InvitationReason } from '@studio/contracts';
import { GroupCommit } from '@studio/messaging';
import type { SqlExecutor, SqlDatabase } from '@studio/sql';
import type { InvitationStatus } from './invitation-status';

export interface ClientCopy {
  readonly studioId: string;
  readonly clientId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** The package the client bought last, if any. */
  readonly packageName: string | null;
}

export interface Invitation {
  readonly invitationId: string;
  readonly studioId: string;
  readonly clientId: string;
  readonly status: InvitationStatus;
  readonly expiresAt: Date;
  /** A redeem of it completed. */
  readonly redeemed: boolean;
}

export interface NewInvitation {
  readonly invitationId: string;
  readonly studioId: string;
  readonly clientId: string;
  readonly tokenHash: string;
  readonly reason: InvitationReason;
  readonly message: string | null;
  readonly expiresAt: string;
  readonly createdAt: Date;
}

interface ClientRow {
  studio_id: string;
  client_id: string;
  first_name: string;
  last_name: string;
  email: string;
  package_name: string | null;
}

/** A client copy's columns, as `ClientRow` names them, from `clients c`. */
const CLIENT_COLUMNS = 'c.studio_id, c.client_id, c.first_name, c.last_name, c.email, c.package_name';

/** The client columns of a row that found no client copy. */
type NoClientRow = { readonly [K in keyof ClientRow]: null };

interface InvitationRow {
  invitation_id: string;
  studio_id: string;
  client_id: string;
  status: InvitationStatus;
  expires_at: Date | string;
  redeemed_at: Date | string | null;
}

interface ClientCopyAt extends Omit<ClientCopy, 'packageName'> {
  readonly version: number;
}

/** The service's tables. Methods that must share a transaction take the executor. */
@Injectable()
export class InvitationsRepository {
  /** Copies of new clients arrive from many lanes at once: one statement writes a batch of them. */
  private readonly copies: GroupCommit<ClientCopyAt, void>;

  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {
    this.copies = new GroupCommit<ClientCopyAt, void>(
      async (copies) => {
        // One row per client in a statement (ON CONFLICT touches a row once): the newest wins.
        const newest = new Map<string, ClientCopyAt>();
        for (const copy of copies) {
          const key = `${copy.studioId}/${copy.clientId}`;
          if ((newest.get(key)?.version ?? -1) < copy.version) newest.set(key, copy);
        }
        const rows = [...newest.values()];
        await db.query(
          {
            name: 'clients.save',
            text: `INSERT INTO clients (studio_id, client_id, first_name, last_name, email, version)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[])
                 ON CONFLICT (studio_id, client_id) DO UPDATE
                   SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, email = EXCLUDED.email,
                       version = EXCLUDED.version
                   WHERE clients.version < EXCLUDED.version`,
          },
          [
            rows.map((row) => row.studioId),
            rows.map((row) => row.clientId),
            rows.map((row) => row.firstName),
            rows.map((row) => row.lastName),
            rows.map((row) => row.email),
            rows.map((row) => row.version),
          ],
        );
        return copies.map((): void => undefined);
      },
      { lingerMs: 10 },
    );
  }

  /** Applies a profile only if it is newer than the copy (by client stream version). */
  saveClient(
    studioId: string,
    clientId: string,
    version: number,
    profile: Pick<ClientProfile, 'firstName' | 'lastName' | 'email'>,
  ): Promise<void> {
    const { firstName, lastName, email } = profile;
    return this.copies.run({ studioId, clientId, firstName, lastName, email, version });
  }

  async updateClient(
    studioId: string,
    clientId: string,
    version: number,
    changes: Partial<ClientProfile>,
  ): Promise<void> {
    await this.db.query(
      `UPDATE clients SET first_name = coalesce($4, first_name), last_name = coalesce($5, last_name),
              email = coalesce($6, email), version = $3
        WHERE studio_id = $1 AND client_id = $2 AND version < $3`,
      [
        studioId,
        clientId,
        version,
        changes.firstName ?? null,
        changes.lastName ?? null,
        changes.email ?? null,
      ],
    );
  }

  async findClient(studioId: string, clientId: string): Promise<ClientCopy | undefined> {
    const { rows } = await this.db.query<ClientRow>(
      `SELECT ${CLIENT_COLUMNS} FROM clients c WHERE c.studio_id = $1 AND c.client_id = $2`,
      [studioId, clientId],
    );
    return rows[0] && toClientCopy(rows[0]);
  }

  /**
   * What minting an invitation needs, in one round trip: whether it was minted already (a redelivery), else the
   * copy of its client (undefined: not there yet).
   */
  async toMint(
    studioId: string,
    clientId: string,
    invitationId: string,
  ): Promise<
    { readonly minted: true } | { readonly minted: false; readonly client: ClientCopy | undefined }
  > {
    const { rows } = await this.db.query<{ minted: boolean } & (ClientRow | NoClientRow)>(
      {
        name: 'invitations.to-mint',
        text: `SELECT EXISTS (SELECT 1 FROM invitations WHERE invitation_id = $3) AS minted, ${CLIENT_COLUMNS}
               FROM (VALUES (1)) AS one
               LEFT JOIN clients c ON c.studio_id = $1 AND c.client_id = $2`,
      },
      [studioId, clientId, invitationId],
    );
    const row = rows[0];
    if (row?.minted) return { minted: true };
    return { minted: false, client: row && row.client_id !== null ? toClientCopy(row) : undefined };
  }

  /** The package the client bought, for the welcome email that follows the purchase in the same decision. */
  async notePurchase(
    studioId: string,
    clientId: string,
    version: number,
    packageName: string,
  ): Promise<void> {
    await this.db.query(
      `UPDATE clients SET package_name = $4, version = $3 WHERE studio_id = $1 AND client_id = $2 AND version < $3`,
      [studioId, clientId, version, packageName],
    );
  }

  /**
   * Stores a new link and retires the client's older ones, in one statement; false if this invitation was
   * already stored. An older link, pending or already expired, then answers "replaced": a newer one is in the
   * client's inbox.
   */
  async insertReplacingOlder(tx: SqlExecutor, invitation: NewInvitation): Promise<boolean> {
    const { rows } = await tx.query(
      {
        name: 'invitations.insert-replacing-older',
        text: `WITH stored AS (
                 INSERT INTO invitations (invitation_id, studio_id, client_id, token_hash, status, reason, message,
                   expires_at, created_at)
                 VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8)
                 ON CONFLICT (invitation_id) DO NOTHING RETURNING invitation_id),
               replaced AS (
                 UPDATE invitations SET status = 'replaced'
                  WHERE studio_id = $2 AND client_id = $3 AND invitation_id <> $1
                    AND status IN ('pending', 'expired') AND EXISTS (SELECT 1 FROM stored))
               SELECT invitation_id FROM stored`,
      },
      [
        invitation.invitationId,
        invitation.studioId,
        invitation.clientId,
        invitation.tokenHash,
        invitation.reason,
        invitation.message,
        invitation.expiresAt,
        invitation.createdAt,
      ],
    );
    return rows.length > 0;
  }

  /** Moves a link to a final status, from the statuses that may still change to it. */
  async settle(invitationId: string, to: 'revoked' | 'expired' | 'used', at: Date): Promise<void> {
    const from: readonly InvitationStatus[] =
      to === 'expired'
        ? ['pending']
        : to === 'revoked'
          ? ['pending', 'expired']
          : ['pending', 'expired', 'replaced', 'revoked'];
    await this.db.query(
      `UPDATE invitations SET status = $2, used_at = CASE WHEN $2 = 'used' THEN coalesce(used_at, $3) ELSE used_at END
        WHERE invitation_id = $1 AND status = ANY($4::text[])`,
      [invitationId, to, at, from],
    );
  }

  /** A redeem of the link completed: it is used, whatever it was. */
  async markRedeemed(tx: SqlExecutor, invitationId: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE invitations SET status = 'used', used_at = coalesce(used_at, $2), redeemed_at = coalesce(redeemed_at, $2)
        WHERE invitation_id = $1`,
      [invitationId, at],
    );
  }

  /** A deactivation kills whatever link the client still had. */
  async revokeOpenOf(studioId: string, clientId: string): Promise<void> {
    await this.db.query(
      `UPDATE invitations SET status = 'revoked' WHERE studio_id = $1 AND client_id = $2 AND status IN ('pending', 'expired')`,
      [studioId, clientId],
    );
  }

  async findByTokenHash(tokenHash: string): Promise<Invitation | undefined> {
    const { rows } = await this.db.query<InvitationRow>(
      `SELECT invitation_id, studio_id, client_id, status, expires_at, redeemed_at
         FROM invitations WHERE token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    return row && toInvitation(row);
  }

  /**
   * Pending links past their expiry whose expiry was not asked for recently (a refused or unanswered ask is
   * tried again later, not every round).
   */
  async dueForExpiry(now: Date, askAgainAfterMs: number, limit: number): Promise<Invitation[]> {
    const { rows } = await this.db.query<InvitationRow>(
      `SELECT invitation_id, studio_id, client_id, status, expires_at, redeemed_at FROM invitations
        WHERE status = 'pending' AND expires_at <= $1
          AND (expiry_requested_at IS NULL OR expiry_requested_at <= $1::timestamptz - $2 * interval '1 millisecond')
        ORDER BY expires_at LIMIT $3`,
      [now, askAgainAfterMs, limit],
    );
    return rows.map(toInvitation);
  }

  async markExpiryRequested(invitationId: string, at: Date): Promise<void> {
    await this.db.query('UPDATE invitations SET expiry_requested_at = $2 WHERE invitation_id = $1', [
      invitationId,
      at,
    ]);
  }
}

function toClientCopy(row: ClientRow): ClientCopy {
  return {
    studioId: row.studio_id,
    clientId: row.client_id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    packageName: row.package_name,
  };
}

function toInvitation(row: InvitationRow): Invitation {
  return {
    invitationId: row.invitation_id,
    studioId: row.studio_id,
    clientId: row.client_id,
    status: row.status,
    expiresAt: new Date(row.expires_at),
    redeemed: row.redeemed_at !== null,
  };
}
