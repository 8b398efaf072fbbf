import { Problem } from '@studio/contracts';

// The database is down, restarting, refusing connections or overloaded: worth trying again, and a request
// meanwhile is answered 503. (A deadlock or a serialization failure is the transaction's own to retry.)
const UNAVAILABLE_SQLSTATES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const UNAVAILABLE_SYSCALLS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed/i;

/**
 * This adapter knows what its driver's failures mean: one that says the database cannot be reached becomes
 * the `service-unavailable` problem (transient: the bus retries it, HTTP answers 503); anything else is
 * returned as it is.
 */
export function asUnavailable(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || error instanceof Problem) return error;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const unavailable =
    (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SYSCALLS.has(code))) ||
    (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message));
  return unavailable
    ? Problem.of('service-unavailable', 'the database is unreachable; try again', undefined, { cause: error })
    : error;
}
