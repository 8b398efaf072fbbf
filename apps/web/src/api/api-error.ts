import type { FieldError } from './types';

/** A refusal of the gateway (its problem+json), or a request that never got an answer (`network-error`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** API.md's stable code, e.g. `email-taken`, `invitation-expired`. */
    readonly code: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  /** The message for one field, if the gateway named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** Builds the error from an answer that is not 2xx, whatever its body turned out to be. */
export function toApiError(status: number, body: unknown, retryAfter: string | null): ApiError {
  const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof problem.code === 'string' ? problem.code : fallbackCode(status);
  const detail =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.title === 'string'
        ? problem.title
        : `The server answered ${status}.`;
  const errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
  const seconds = retryAfter === null ? undefined : Number(retryAfter);
  return new ApiError(status, code, detail, errors, Number.isFinite(seconds) ? seconds : undefined);
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { field, message } = value as Record<string, unknown>;
  return typeof field === 'string' && typeof message === 'string';
}

function fallbackCode(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'service-unavailable';
  return 'unexpected-answer';
}
