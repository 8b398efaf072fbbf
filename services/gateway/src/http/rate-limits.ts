import { type Operation, OPERATIONS, Problem } from '@studio/contracts';
import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';
import type { Migration } from '@studio/sql';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** Every API request, per client address. */
  readonly perMinute: number;
  /** Sign-in, password resets and token links, per client address, instead of the above. */
  readonly sensitivePerMinute: number;
  /** Sign-ups (a password hash each, and email), per client address, instead of the above. */
  readonly signUpsPerHour: number;
}

/** Where the counters live: PostgreSQL, shared by every gateway replica; or this process's memory (embedded). */
export type RateLimitStore =
  { readonly kind: 'memory' } | { readonly kind: 'postgres'; readonly pool: Pool; readonly schema: string };

export const RATE_LIMIT_TABLE = 'rate_limits';

/** rate-limiter-flexible's table, in the gateway's schema (docs/adr/0003). */
export const rateLimitMigration: Migration = {
  id: 3,
  sql: `CREATE TABLE IF NOT EXISTS ${RATE_LIMIT_TABLE} (
          key    varchar(255) PRIMARY KEY,
          points integer      NOT NULL DEFAULT 0,
          expire bigint)`,
};

/**
 * Unlogged: every request updates its address's row, and a WAL flush at each commit made the requests of one
 * address queue behind each other. A database crash forgets the counts, which only restarts the minute.
 */
export const rateLimitUnloggedMigration: Migration = {
  id: 5,
  sql: `ALTER TABLE ${RATE_LIMIT_TABLE} SET UNLOGGED`,
};

const pattern = (operation: Operation) => new RegExp(`^${operation.path.replace(/\{\w+\}/g, '[^/]+')}/?$`);
const rulesOf = (kind: 'sensitive' | 'sign-up' | 'none') =>
  OPERATIONS.filter((operation) => operation.rateLimit === kind).map((operation) => ({
    method: operation.method,
    path: pattern(operation),
  }));
const SENSITIVE = rulesOf('sensitive');
const SIGN_UP = rulesOf('sign-up');
/** Probes and scrapes are not users: they are never limited. */
const UNLIMITED = rulesOf('none');
const matches = (rules: typeof SENSITIVE, req: Request) =>
  rules.some((rule) => rule.method === req.method && rule.path.test(req.path));

function limiter(
  store: RateLimitStore,
  keyPrefix: string,
  points: number,
  duration = 60,
): RateLimiterAbstract {
  const options = { keyPrefix, points, duration };
  if (store.kind === 'memory') return new RateLimiterMemory(options);
  return new RateLimiterPostgres({
    ...options,
    storeClient: store.pool,
    storeType: 'pool',
    schemaName: store.schema,
    tableName: RATE_LIMIT_TABLE,
    // The gateway's migrations create the table.
    tableCreated: true,
    clearExpiredByTimeout: true,
    // If the database cannot be reached, count in memory meanwhile rather than refuse or wave everything through.
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/**
 * Per-address limits (`points` requests a minute), before the body is even read. The address is `req.ip`: the
 * socket's, unless TRUST_PROXY names the proxies whose X-Forwarded-For to believe (anyone can send that header).
 */
export function rateLimits(options: RateLimitOptions, store: RateLimitStore) {
  const general = limiter(store, 'general', options.perMinute);
  const sensitive = limiter(store, 'sensitive', options.sensitivePerMinute);
  const signUp = limiter(store, 'sign-up', options.signUpsPerHour, 3_600);
  return function rateLimit(req: Request, _res: Response, next: NextFunction): void {
    if (matches(UNLIMITED, req)) return next();
    const chosen = matches(SIGN_UP, req) ? signUp : matches(SENSITIVE, req) ? sensitive : general;
    chosen.consume(clientAddress(req)).then(
      () => next(),
      (refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) return next(refusal);
        next(
          new Problem({
            code: 'rate-limited',
            detail: 'too many requests from this address',
            retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)),
          }),
        );
      },
    );
  };
}

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
