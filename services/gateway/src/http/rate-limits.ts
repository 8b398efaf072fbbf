import { ProblemError } from '@studio/messaging';
import { SettingsError } from '@studio/service-kit';
import type { NextFunction, Request, Response } from 'express';
import { RateLimiter } from './rate-limiter';

export interface RateLimitOptions {
  /** Every API request, per client address. */
  readonly perMinute: number;
  /** Sign-in, password resets and token links, per client address, on top of the above. */
  readonly sensitivePerMinute: number;
}

// Per address, so generous: one office behind one NAT is many people; brute force is stopped per account by identity.
export const DEFAULT_RATE_LIMITS: RateLimitOptions = { perMinute: 1200, sensitivePerMinute: 300 };

const SENSITIVE: readonly { method: string; path: RegExp }[] = [
  { method: 'POST', path: /^\/api\/v1\/studios\/[^/]+\/sessions\/?$/ },
  { method: 'POST', path: /^\/api\/v1\/studios\/[^/]+\/password-resets\/?$/ },
  { method: 'POST', path: /^\/api\/v1\/password-resets\/[^/]+\/?$/ },
  { method: 'GET', path: /^\/api\/v1\/invitations\/[^/]+\/?$/ },
  { method: 'POST', path: /^\/api\/v1\/invitations\/[^/]+\/acceptance\/?$/ },
];

/** Probes and scrapes are not users: they are never limited. */
const UNLIMITED = /^\/(health\/|metrics$)/;

/**
 * Per-address limits, before the body is even read. The address is the socket's: X-Forwarded-For is not
 * trusted, as anyone can send it (behind a proxy, configure trust there and limit at the edge).
 */
export function rateLimits(options: RateLimitOptions) {
  const general = new RateLimiter(options.perMinute);
  const sensitive = new RateLimiter(options.sensitivePerMinute);
  return function rateLimit(req: Request, _res: Response, next: NextFunction): void {
    if (UNLIMITED.test(req.path)) return next();
    const address = clientAddress(req);
    const isSensitive = SENSITIVE.some((rule) => rule.method === req.method && rule.path.test(req.path));
    const decision = isSensitive ? sensitive.take(address) : general.take(address);
    if (decision.allowed) return next();
    next(new ProblemError({ code: 'rate-limited', detail: 'too many requests from this address', retryAfterSeconds: decision.retryAfterSeconds }));
  };
}

export function clientAddress(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * `RATE_LIMIT_PER_MINUTE` and `RATE_LIMIT_SENSITIVE_PER_MINUTE` override the defaults (a load test, an
 * end-to-end suite from one address). Read here until Settings carries them.
 */
export function readRateLimits(env: NodeJS.ProcessEnv): RateLimitOptions {
  const problems: string[] = [];
  const read = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (Number.isInteger(value) && value > 0) return value;
    problems.push(`${name}="${text}": expected a whole number of requests a minute`);
    return fallback;
  };
  const limits = {
    perMinute: read('RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMITS.perMinute),
    sensitivePerMinute: read('RATE_LIMIT_SENSITIVE_PER_MINUTE', DEFAULT_RATE_LIMITS.sensitivePerMinute),
  };
  if (problems.length > 0) throw new SettingsError(problems);
  return limits;
}
