import { type Migration } from '@studio/sql';

/** The first answer to each `Idempotency-Key`, per principal (or `anonymous`), kept 24 h. */
export const idempotencyMigrations: readonly Migration[] = [
  {
    id: 1,
    sql: `
      CREATE TABLE idempotency_keys (
        principal   text        NOT NULL,
        idem_key    text        NOT NULL,
        method_path text        NOT NULL,
        body_hash   text        NOT NULL,
        status      integer,
        response    text,
        created_at  timestamptz NOT NULL,
        PRIMARY KEY (principal, idem_key)
      );
      CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
    `,
  },
];
