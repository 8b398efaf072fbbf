import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type ErrorCode, Problem, type ProblemData, problemOf, toProblemDetails } from '@studio/contracts';
import { UnprocessableMessage } from '@studio/messaging';
import type { Response } from 'express';
import { type Observable, throwError } from 'rxjs';

/**
 * Errors, mapped in one place. On the bus: a `Problem` (a decider's refusal, a service's, the adapters'
 * `service-unavailable`) goes back to the caller as its JSON, and anything else is logged here and answered as
 * `internal`, without details. Over HTTP: the same problem becomes `application/problem+json` with the status
 * of its code.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter<unknown> {
  private readonly log = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    // A durable message that can never be handled goes to the dead letters with its own reason, at once.
    if (exception instanceof UnprocessableMessage) return throwError(() => exception);
    const refusal = this.toProblem(exception);
    if (host.getType() !== 'http') return throwError(() => refusal);
    const details = toProblemDetails(refusal);
    const response = host.switchToHttp().getResponse<Response>();
    if (refusal.code === 'rate-limited' && refusal.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(refusal.retryAfterSeconds));
    }
    response.status(details.status).type('application/problem+json').send(JSON.stringify(details));
  }

  private toProblem(exception: unknown): ProblemData {
    const refusal = problemOf(exception);
    if (refusal?.code === 'service-unavailable')
      this.log.warn(`unavailable: ${exception instanceof Error ? exception.message : refusal.detail}`);
    if (refusal) return refusal;
    if (exception instanceof HttpException)
      return Problem.of(HTTP_CODES[exception.getStatus()] ?? 'internal', exception.message).problem;
    this.log.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return Problem.of('internal', 'the service failed to handle the request').problem;
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
