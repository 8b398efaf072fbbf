import { createHash } from 'node:crypto';
import type { GatewayRequest } from '../auth/auth-context';

/**
 * Whose namespace an `Idempotency-Key` lives in: a session's own (two sessions of one person, say two
 * devices, never see each other's keys), or for anonymous calls the endpoint and the caller's address (as
 * Express sees it, X-Forwarded-For from trusted proxies only), so one stranger's key never answers for
 * another's request. Hashed: the table holds no session key, address or path token in the clear.
 */
export function idempotencyScope(req: GatewayRequest): string {
  if (req.auth) return `session:${req.auth.sessionKey}`;
  const where = `${req.ip ?? 'unknown'} POST ${req.path}`;
  return `anonymous:${createHash('sha256').update(where).digest('hex')}`;
}
