import { isProblem } from '@studio/contracts';
import { ProblemError } from './problem.error';

// Connection lost or refused, server shutting down or overloaded, serialization failures: worth retrying.
const TRANSIENT_SQLSTATES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '40001',
  '40P01',
]);
const TRANSIENT_SYSCALLS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const TRANSIENT_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * Whether a failure says "not now" rather than "never": a service or the database is unreachable. A durable
 * message that failed this way is retried until it succeeds (it is not the message's fault), and a request is
 * answered `503 service-unavailable`, never `500`.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof ProblemError) return error.problem.code === 'service-unavailable';
  if (isProblem(error)) return error.code === 'service-unavailable';
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SYSCALLS.has(code)))
    return true;
  return typeof message === 'string' && TRANSIENT_MESSAGES.test(message);
}
