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
];
