import { type Migration } from '@studio/sql';
import { RATE_LIMIT_TABLE } from './http/rate-limits';

/**
 * The first answer to each `Idempotency-Key`, per principal (or `anonymous`), kept 24 h; and the per-address
 * rate-limit counters every replica shares (rate-limiter-flexible's table, docs/adr/0003).
 */
export const gatewayMigrations: readonly Migration[] = [
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
  {
    id: 2,
    sql: `
      CREATE TABLE ${RATE_LIMIT_TABLE} (
        key    varchar(255) PRIMARY KEY,
        points integer      NOT NULL DEFAULT 0,
        expire bigint
      );
    `,
  },
];
