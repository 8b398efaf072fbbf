import type { DomainError, ErrorCode } from '@studio/contracts';
import { RpcException } from '@nestjs/microservices';

/**
 * A refusal with an API.md code, thrown by handlers and re-thrown on the caller's side of the bus. It is an
 * `RpcException` so Nest's pipeline hands the problem through instead of turning it into a generic error.
 */
export class ProblemError extends RpcException {
  constructor(readonly problem: DomainError) {
    super(problem);
    this.name = 'ProblemError';
    this.message = problem.detail ?? problem.code;
  }

  static of(code: ErrorCode, detail?: string, errors?: DomainError['errors']): ProblemError {
    return new ProblemError({
      code,
      ...(detail === undefined ? {} : { detail }),
      ...(errors ? { errors } : {}),
    });
  }
}

/** The service that should answer is down or too slow: the gateway answers 503, never a hang or a 500. */
export const serviceUnavailable = (subject: string): ProblemError =>
  ProblemError.of('service-unavailable', `the ${subject.split('.')[0] ?? subject} service did not answer`);
