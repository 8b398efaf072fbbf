import type { RequestMeta } from '@studio/contracts';

/**
 * Request/reply over the bus. Resolves to the reply's value; rejects with a `Problem` carrying the
 * API.md code of a refusal, or `service-unavailable` when nobody answers in time.
 */
export interface Requester {
  /** `subject`: a `RequestSubject` or a `readySubject(service)`. */
  request<V>(subject: string, body: unknown, meta?: Partial<RequestMeta>): Promise<V>;
  close(): Promise<void>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
