import { type ErrorCode, type FieldError, isErrorCode } from '@studio/contracts';

/**
 * A refusal of the API (`application/problem+json`), as an Error to throw and catch: `code` is API.md's stable
 * code, `errors` names the fields of a `validation-failed`, `retryAfterSeconds` comes with `rate-limited`.
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  readonly type: string;
  readonly title: string;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    readonly retryAfterSeconds?: number,
    title?: string,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.type = `urn:studio:problem:${code}`;
    this.title = title ?? code;
  }

  /** Reads a problem body; anything else (a proxy's error page) becomes `internal` or `service-unavailable`. */
  static from(status: number, body: unknown, retryAfter: string | null): ApiProblem {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const code: ErrorCode = isErrorCode(problem.code)
      ? problem.code
      : status >= 502 && status <= 504
        ? 'service-unavailable'
        : 'internal';
    const retry = retryAfter === null ? undefined : Number(retryAfter);
    return new ApiProblem(
      status,
      code,
      typeof problem.detail === 'string' ? problem.detail : `the server answered ${status}`,
      Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [],
      retry !== undefined && Number.isFinite(retry) ? retry : undefined,
      typeof problem.title === 'string' ? problem.title : undefined,
    );
  }
}
