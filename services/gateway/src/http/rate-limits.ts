import { ProblemError } from '@studio/messaging';
import type { NextFunction, Request, Response } from 'express';
import { RateLimiter } from './rate-limiter';

export interface RateLimitOptions {
  /** Every API request, per client address. */
  readonly perMinute: number;
  /** Sign-in, password resets and token links, per client address, instead of the above. */
  readonly sensitivePerMinute: number;
}

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
 * Per-address limits, before the body is even read. The address is `req.ip`: the socket's, unless
 * TRUST_PROXY names the proxies whose X-Forwarded-For to believe (anyone can send that header).
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
    next(
      new ProblemError({
        code: 'rate-limited',
        detail: 'too many requests from this address',
        retryAfterSeconds: decision.retryAfterSeconds,
      }),
    );
  };
}

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
