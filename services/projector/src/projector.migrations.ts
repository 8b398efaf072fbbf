import { rebuildsTableDdl } from '@studio/service-kit';
import type { Migration } from '@studio/sql';

/**
 * The client index (one row per client, `state` is the folded client so events apply without a stream read),
 * the projection checkpoint, and the delivery of invitation emails by invitation id (a delivery report may
 * arrive before the invitation event is projected). Then the rebuilds of the index (see rebuild/).
 */
export const projectorMigrations: readonly Migration[] = [
  {
    id: 1,
    sql: `
      CREATE TABLE client_index (
        client_id     text PRIMARY KEY,
        studio_id     text NOT NULL,
        first_name    text NOT NULL,
        last_name     text NOT NULL,
        email         text NOT NULL,
        phone         text,
        type          text,
        source        text,
        tags          text[] NOT NULL,
        access        text NOT NULL,
        invitation    jsonb,
        invitation_id text,
        delivery      text,
        created_at    timestamptz NOT NULL,
        activated_at  timestamptz,
        version       integer NOT NULL,
        state         jsonb NOT NULL,
        first_name_lc text NOT NULL,
        last_name_lc  text NOT NULL,
        full_name_lc  text NOT NULL,
        type_lc       text,
        source_lc     text,
        tags_lc       text[] NOT NULL
      );
      CREATE INDEX client_index_by_last_name ON client_index (studio_id, last_name_lc, client_id);
      CREATE INDEX client_index_by_first_name ON client_index (studio_id, first_name_lc, client_id);
      CREATE INDEX client_index_by_email ON client_index (studio_id, email, client_id);
      CREATE INDEX client_index_by_created_at ON client_index (studio_id, created_at, client_id);
      CREATE INDEX client_index_by_access ON client_index (studio_id, access);
      CREATE INDEX client_index_by_full_name ON client_index (studio_id, full_name_lc text_pattern_ops);
      CREATE INDEX client_index_by_invitation ON client_index (invitation_id);
      CREATE INDEX client_index_tags ON client_index USING gin (tags_lc);

      CREATE TABLE projector_checkpoint (
        name       text PRIMARY KEY,
        position   text NOT NULL,
        events     bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE invitation_delivery (
        invitation_id text PRIMARY KEY,
        status        text NOT NULL,
        at            timestamptz NOT NULL
      );`,
  },
  {
    id: 3,
    sql: `
      ${rebuildsTableDdl('client_index_rebuilds')}`,
  },
  {
    id: 4,
    // The tabs' counts, kept with the rows (a list must not count a studio of 100,000 clients), and prefix
    // search on the names and the email whatever the database's collation.
    sql: `
      CREATE TABLE client_counts (
        studio_id text NOT NULL,
        access    text NOT NULL,
        count     integer NOT NULL,
        PRIMARY KEY (studio_id, access)
      );
      INSERT INTO client_counts (studio_id, access, count)
        SELECT studio_id, access, count(*) FROM client_index GROUP BY studio_id, access;
      CREATE INDEX client_index_last_name_prefix ON client_index (studio_id, last_name_lc text_pattern_ops);
      CREATE INDEX client_index_email_prefix ON client_index (studio_id, email text_pattern_ops);`,
  },
  {
    id: 5,
    // Reads answer from the folded client in `state`: keep only the columns the index is searched,
    // filtered and sorted by.
    sql: `
      ALTER TABLE client_index DROP COLUMN IF EXISTS first_name, DROP COLUMN IF EXISTS last_name,
        DROP COLUMN IF EXISTS phone, DROP COLUMN IF EXISTS type, DROP COLUMN IF EXISTS source,
        DROP COLUMN IF EXISTS tags, DROP COLUMN IF EXISTS invitation, DROP COLUMN IF EXISTS activated_at;`,
  },
  {
    id: 6,
    // The index's default order (by last name) answers searches and filters from the index alone: whatever a
    // list is filtered by rides along, so a walk in that order skips rows without visiting them.
    sql: `
      DROP INDEX IF EXISTS client_index_by_last_name;
      CREATE INDEX client_index_by_last_name ON client_index (studio_id, last_name_lc, client_id)
        INCLUDE (full_name_lc, email, access, type_lc, source_lc, tags_lc);`,
  },
  {
    id: 7,
    // A row no longer keeps its invitation's delivery: reads join it from invitation_delivery, the one place it is
    // kept. The copy raced the fold: a report committed between a fold's read and write (or during the write,
    // for an invitation the row did not have yet) was overwritten with "pending". The index by invitation only
    // served that copy. A report now names its studio, as the copy's update did (older ones: the client's).
    sql: `
      ALTER TABLE invitation_delivery ADD COLUMN IF NOT EXISTS studio_id text;
      UPDATE invitation_delivery d SET studio_id = c.studio_id FROM client_index c
        WHERE c.invitation_id = d.invitation_id AND d.studio_id IS NULL;
      DROP INDEX IF EXISTS client_index_by_invitation;
      ALTER TABLE client_index DROP COLUMN IF EXISTS delivery;`,
  },
];
