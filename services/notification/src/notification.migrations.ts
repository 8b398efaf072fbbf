import type { Migration } from '@studio/sql';

/** The delivery log: one row per email key, what makes a twice-delivered request one email. */
export const notificationMigrations: readonly Migration[] = [
  {
    id: 2,
    // `claimed_until`: an attempt in hand, so a concurrent delivery of the same request does not send too.
    sql: `CREATE TABLE deliveries (
            key text PRIMARY KEY,
            template text NOT NULL,
            status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
            attempts integer NOT NULL DEFAULT 0,
            last_error text,
            claimed_until timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            sent_at timestamptz)`,
  },
  {
    id: 3,
    // The daily quota per studio (quota/email-quota.repository.ts): the count per UTC day, each request's
    // charge by key (counted once however often it is delivered), and the studios whose owner is verified.
    sql: `CREATE TABLE studio_daily_emails (
            studio_id text NOT NULL,
            day date NOT NULL,
            sent integer NOT NULL,
            PRIMARY KEY (studio_id, day));
          CREATE TABLE email_quota_charges (
            key text PRIMARY KEY,
            studio_id text NOT NULL,
            day date NOT NULL,
            within boolean NOT NULL,
            quota integer NOT NULL);
          CREATE TABLE verified_studios (
            studio_id text PRIMARY KEY,
            verified_at timestamptz NOT NULL)`,
  },
];
