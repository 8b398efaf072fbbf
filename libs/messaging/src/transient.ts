import { problemOf } from '@studio/contracts';

/**
 * Whether a failure says "not now" rather than "never": a service or the database cannot be reached. Each
 * adapter turns such failures of its own into the `service-unavailable` problem (the requester when nobody
 * answers, the SQL adapter when the database is down), so this asks only that. A durable message that failed
 * this way is retried until it succeeds (it is not the message's fault); a request is answered `503`.
 */
export function isTransient(error: unknown): boolean {
  return problemOf(error)?.code === 'service-unavailable';
}
