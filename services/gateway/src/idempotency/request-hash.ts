import { createHash } from 'node:crypto';
import { Problem } from '@studio/contracts';
import { MAX_JSON_DEPTH } from '../http/json-depth';

/**
 * SHA-256 of a body in canonical JSON (object keys sorted at every depth), so the same body sent with its
 * fields in another order is the same request. No body and `{}` are the same too.
 */
export function bodyHash(body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(body ?? {}))
    .digest('hex');
}

/** Bounded, as the body parser bounds bodies: a deeper value is refused rather than overflowing the stack. */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth >= MAX_JSON_DEPTH && typeof value === 'object' && value !== null)
    throw Problem.of('validation-failed', 'the request body is not valid', [
      { field: 'body', message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  const inner = (item: unknown) => canonicalJson(item, depth + 1);
  if (Array.isArray(value)) return `[${value.map(inner).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${inner(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
