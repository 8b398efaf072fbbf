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
  {
    id: 4,
    // A charge in one round trip (it took five: begin, charge, verified?, count, commit), committed without
    // waiting for the WAL flush: the count's row is every email's of the studio, and holding it through a flush
    // queued the studio's emails one by one. A crash may forget the last charges (a few emails go uncounted);
    // the emails themselves are recorded (deliveries) with a flush, so none is sent twice. Each statement of the
    // function sees what committed before it: a concurrent charge of the same key is waited for, then read.
    sql: `CREATE OR REPLACE FUNCTION charge_daily_email(
            p_key text, p_studio text, p_day date, p_verified integer, p_unverified integer)
          RETURNS TABLE (is_within boolean, charged_quota integer) LANGUAGE plpgsql AS $$
          DECLARE
            v_quota integer;
            v_within boolean;
          BEGIN
            PERFORM set_config('synchronous_commit', 'off', true);
            INSERT INTO email_quota_charges (key, studio_id, day, within, quota)
              VALUES (p_key, p_studio, p_day, false, 0) ON CONFLICT (key) DO NOTHING;
            IF NOT FOUND THEN
              RETURN QUERY SELECT c.within, c.quota FROM email_quota_charges c WHERE c.key = p_key;
              RETURN;
            END IF;
            v_quota := CASE WHEN EXISTS (SELECT 1 FROM verified_studios v WHERE v.studio_id = p_studio)
                         THEN p_verified ELSE p_unverified END;
            INSERT INTO studio_daily_emails AS s (studio_id, day, sent) VALUES (p_studio, p_day, 1)
              ON CONFLICT (studio_id, day) DO UPDATE SET sent = s.sent + 1 WHERE s.sent < v_quota;
            v_within := FOUND;
            UPDATE email_quota_charges c SET within = v_within, quota = v_quota WHERE c.key = p_key;
            RETURN QUERY SELECT v_within, v_quota;
          END $$`,
  },
];
