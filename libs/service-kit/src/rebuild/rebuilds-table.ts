/**
 * The DDL of a read model's `<name>_rebuilds` table, the journal `RebuildJournal` keeps. Written as the
 * migrations that created these tables had it, character for character (with their indentation), so the text
 * of an applied migration does not change.
 */
export const rebuildsTableDdl = (table: string): string => `CREATE TABLE ${table} (
        id           text PRIMARY KEY,
        state        text NOT NULL,
        phase        text NOT NULL,
        started_at   timestamptz NOT NULL,
        heartbeat_at timestamptz NOT NULL,
        finished_at  timestamptz,
        events       bigint NOT NULL DEFAULT 0,
        result       jsonb,
        error        text
      );`;
