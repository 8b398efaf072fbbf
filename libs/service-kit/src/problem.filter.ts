import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import {
  type DomainError,
  DomainException,
  type ErrorCode,
  isProblem,
  problem,
  toProblemDetails,
} from '@studio/contracts';
import { isTransient, ProblemError } from '@studio/messaging';
import type { Response } from 'express';
import { type Observable, throwError } from 'rxjs';

/**
 * Errors, mapped in one place. On the bus: a refusal (a decider's `DomainException`, a `ProblemError`) goes
 * back to the caller as its problem, and anything else is logged here and answered as `internal`, without
 * details. Over HTTP: the same problem becomes `application/problem+json` with the status of its code.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter<unknown> {
  private readonly log = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    const refusal = this.toProblem(exception);
    if (host.getType() !== 'http') return throwError(() => refusal);
    const details = toProblemDetails(refusal);
    const response = host.switchToHttp().getResponse<Response>();
    if (refusal.code === 'rate-limited' && refusal.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(refusal.retryAfterSeconds));
    }
    response.status(details.status).type('application/problem+json').send(JSON.stringify(details));
  }

  private toProblem(exception: unknown): DomainError {
    if (exception instanceof DomainException || exception instanceof ProblemError) return exception.problem;
    if (isProblem(exception)) return exception;
    if (isTransient(exception)) {
      this.log.warn(`unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      return problem('service-unavailable', 'a service or the database is unreachable; try again');
    }
    if (exception instanceof HttpException)
      return problem(HTTP_CODES[exception.getStatus()] ?? 'internal', exception.message);
    this.log.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return problem('internal', 'the service failed to handle the request');
  }
}

/**
 * Errors raised by the framework itself (an unknown route, the ops module's 503). Bodies never get here: the
 * gateway's JSON parser answers every bad body as `validation-failed` itself.
 */
const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'validation-failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  429: 'rate-limited',
  503: 'service-unavailable',
};
