import type { Migration } from '@studio/sql';

/** Secrets are stored only as hashes: argon2id for passwords, SHA-256 for tokens and throttle keys. */
const identity: Migration = {
  id: 2,
  sql: `
    CREATE TABLE studios (
      id text PRIMARY KEY,
      name text NOT NULL,
      slug text NOT NULL CONSTRAINT studios_slug_key UNIQUE,
      owner_id text NOT NULL,
      created_at timestamptz NOT NULL
    );

    -- Staff and clients; a client's id is its client id. profile_version: the last client event applied.
    CREATE TABLE accounts (
      studio_id text NOT NULL REFERENCES studios (id),
      id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('staff', 'client')),
      email text NOT NULL,
      first_name text NOT NULL,
      last_name text NOT NULL,
      password_hash text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'disabled')),
      activated_at timestamptz NOT NULL,
      profile_version integer NOT NULL DEFAULT 0,
      PRIMARY KEY (studio_id, id)
    );
    CREATE UNIQUE INDEX accounts_studio_email_key ON accounts (studio_id, lower(email));

    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      studio_id text NOT NULL,
      account_id text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      FOREIGN KEY (studio_id, account_id) REFERENCES accounts (studio_id, id) ON DELETE CASCADE
    );
    CREATE INDEX sessions_account ON sessions (studio_id, account_id);

    -- key: SHA-256 of the throttled subject (studio + email, or address), so neither is kept in clear.
    CREATE TABLE sign_in_throttles (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      last_failure_at timestamptz NOT NULL,
      blocked_until timestamptz
    );

    CREATE TABLE password_resets (
      id text PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      studio_id text NOT NULL,
      account_id text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      superseded_at timestamptz,
      FOREIGN KEY (studio_id, account_id) REFERENCES accounts (studio_id, id) ON DELETE CASCADE
    );
    CREATE INDEX password_resets_open ON password_resets (studio_id, account_id)
      WHERE used_at IS NULL AND superseded_at IS NULL;
  `,
};

/**
 * Acceptance in two steps (stage, then promote once the registry's acceptance is known), ordered by the client
 * stream's versions rather than clocks. client_version: the stream version of the last client event applied to
 * the account; activated_by: the invitation whose credential it holds (null: activated before this migration);
 * activated_version: the version of that invitation's ClientActivated, null until identity has consumed it.
 */
const staging: Migration = {
  id: 3,
  sql: `
    ALTER TABLE accounts RENAME COLUMN profile_version TO client_version;
    ALTER TABLE accounts ADD COLUMN activated_by text;
    ALTER TABLE accounts ADD COLUMN activated_version integer;

    -- At most one per client: the credential of its latest attempt to accept.
    CREATE TABLE staged_credentials (
      studio_id text NOT NULL REFERENCES studios (id),
      client_id text NOT NULL,
      invitation_id text NOT NULL,
      email text NOT NULL,
      first_name text NOT NULL,
      last_name text NOT NULL,
      password_hash text NOT NULL,
      staged_at timestamptz NOT NULL,
      PRIMARY KEY (studio_id, client_id)
    );
  `,
};

/** The reset limit counts an account's recent resets (password-reset-limit.ts). */
const resetLimit: Migration = {
  id: 4,
  sql: `CREATE INDEX password_resets_recent ON password_resets (studio_id, account_id, created_at);`,
};

/** The owner's address verification at sign-up (email-verifications/): verified_at once its link was opened. */
const emailVerifications: Migration = {
  id: 5,
  sql: `
    CREATE TABLE email_verifications (
      id text PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      studio_id text NOT NULL,
      account_id text NOT NULL,
      created_at timestamptz NOT NULL,
      verified_at timestamptz,
      FOREIGN KEY (studio_id, account_id) REFERENCES accounts (studio_id, id) ON DELETE CASCADE
    );
  `,
};

export const identityMigrations: readonly Migration[] = [identity, staging, resetLimit, emailVerifications];
