import { ERROR_STATUS, ERROR_TITLE, isErrorCode, type ErrorCode } from './error-codes';
import { isRecord } from './guards';
import type { FieldError } from './result';
import { type ProblemSchema } from './api/problem.schema';
import { type Output } from './api/text.schema';

/** A refusal as plain JSON: what services reply over the bus and the gateway maps to problem+json. */
export interface DomainError {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  /** With `rate-limited`: when to try again (the gateway's `Retry-After`). */
  readonly retryAfterSeconds?: number;
}

/** Builds a DomainError, leaving out absent parts so the JSON stays minimal. */
export function problem(code: ErrorCode, detail?: string, errors?: readonly FieldError[]): DomainError {
  return {
    code,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined || errors.length === 0 ? {} : { errors }),
  };
}

export function isProblem(value: unknown): value is DomainError {
  if (!isRecord(value)) return false;
  const { code, detail, errors } = value;
  return (
    isErrorCode(code) &&
    (detail === undefined || typeof detail === 'string') &&
    (errors === undefined || (Array.isArray(errors) && errors.every(isFieldError)))
  );
}

/**
 * Pure code (the decider) throws this to refuse a command; handlers catch it and reply `problem`.
 * An Error subclass so stack traces and lint's only-throw-error work; only `problem` crosses the bus.
 */
export class DomainException extends Error {
  override readonly name = 'DomainException';

  constructor(readonly problem: DomainError) {
    super(`${problem.code}: ${problem.detail ?? ERROR_TITLE[problem.code]}`);
  }
}

/**
 * The `application/problem+json` body of API.md, every field always present so clients can rely on them:
 * `detail` falls back to the title, `errors` to `[]`.
 */
export type ProblemDetails = Output<typeof ProblemSchema>;

export function toProblemDetails(error: DomainError): ProblemDetails {
  const title = ERROR_TITLE[error.code];
  // Rebuilt field by field: an error that crossed the bus may carry more than its type says.
  return {
    type: `urn:studio:problem:${error.code}`,
    title,
    status: ERROR_STATUS[error.code],
    code: error.code,
    detail: error.detail ?? title,
    errors: error.errors ?? [],
  };
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string';
}
