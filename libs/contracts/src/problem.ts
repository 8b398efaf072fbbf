import { ERROR_STATUS, ERROR_TITLE, isErrorCode, type ErrorCode } from './error-codes';
import { isRecord } from './guards';
import type { FieldError } from './result';
import { type ProblemSchema } from './api/problem.schema';
import { type Output } from './api/text.schema';

/** A refusal as JSON: what crosses the bus in a `Reply`, and what problem+json is made from. */
export interface ProblemData {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  /** With `rate-limited`: when to try again (the gateway's `Retry-After`). */
  readonly retryAfterSeconds?: number;
}

/**
 * The one error type of a refusal, from the decider to HTTP: the decider and every service throw it, the bus
 * carries its `problem` and the caller's side throws it again, and the gateway maps it to problem+json in one
 * place. A code of API.md says what happened; `service-unavailable` also says "not now": worth retrying.
 */
export class Problem extends Error {
  override readonly name = 'Problem';

  constructor(
    readonly problem: ProblemData,
    options?: { readonly cause?: unknown },
  ) {
    super(`${problem.code}: ${problem.detail ?? ERROR_TITLE[problem.code]}`, options);
  }

  get code(): ErrorCode {
    return this.problem.code;
  }

  /** Leaves out absent parts, so the JSON stays minimal. */
  static of(
    code: ErrorCode,
    detail?: string,
    errors?: readonly FieldError[],
    options?: { readonly cause?: unknown },
  ): Problem {
    const data: ProblemData = {
      code,
      ...(detail === undefined ? {} : { detail }),
      ...(errors === undefined || errors.length === 0 ? {} : { errors }),
    };
    return new Problem(data, options);
  }
}

/** Whether a value is a problem's JSON, e.g. one that crossed the bus. */
export function isProblemData(value: unknown): value is ProblemData {
  if (!isRecord(value)) return false;
  const { code, detail, errors } = value;
  return (
    isErrorCode(code) &&
    (detail === undefined || typeof detail === 'string') &&
    (errors === undefined || (Array.isArray(errors) && errors.every(isFieldError)))
  );
}

/** A problem's JSON, whether it was thrown as a `Problem` or arrived as JSON; undefined for anything else. */
export function problemOf(error: unknown): ProblemData | undefined {
  if (error instanceof Problem) return error.problem;
  return isProblemData(error) ? error : undefined;
}

/**
 * The `application/problem+json` body of API.md, every field always present so clients can rely on them:
 * `detail` falls back to the title, `errors` to `[]`.
 */
export type ProblemDetails = Output<typeof ProblemSchema>;

export function toProblemDetails(error: ProblemData): ProblemDetails {
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
