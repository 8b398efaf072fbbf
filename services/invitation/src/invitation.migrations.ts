import type { Migration } from '@studio/sql';

/** The invitation service's own schema: a copy of client profiles and the (hashed) links. */
export const invitationMigrations: readonly Migration[] = [
  {
    id: 3,
    // `version` is the client stream version last applied, so a redelivered older event changes nothing.
    sql: `CREATE TABLE clients (
            studio_id text NOT NULL,
            client_id text NOT NULL,
            first_name text NOT NULL,
            last_name text NOT NULL,
            email text NOT NULL,
            version integer NOT NULL,
            PRIMARY KEY (studio_id, client_id))`,
  },
  {
    id: 4,
    sql: `CREATE TABLE invitations (
            invitation_id text PRIMARY KEY,
            studio_id text NOT NULL,
            client_id text NOT NULL,
            token_hash text NOT NULL UNIQUE,
            status text NOT NULL CHECK (status IN ('pending', 'replaced', 'revoked', 'used', 'expired')),
            reason text NOT NULL CHECK (reason IN ('invite', 'purchase')),
            message text,
            expires_at timestamptz NOT NULL,
            created_at timestamptz NOT NULL,
            used_at timestamptz,
            expiry_requested_at timestamptz);
          CREATE INDEX invitations_by_client ON invitations (studio_id, client_id) WHERE status IN ('pending', 'expired');
          CREATE INDEX invitations_due ON invitations (expires_at) WHERE status = 'pending'`,
  },
  {
    id: 5,
    // Set when a redeem of the link completed (a session given, the owner told); a link marked used by the
    // registry's event before that may still finish its acceptance.
    sql: `ALTER TABLE invitations ADD COLUMN redeemed_at timestamptz`,
  },
  {
    id: 6,
    // The package the client bought last: the purchase welcome email names it.
    sql: `ALTER TABLE clients ADD COLUMN package_name text`,
  },
];
