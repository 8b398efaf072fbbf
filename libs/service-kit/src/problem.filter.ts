import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type ErrorCode, Problem, type ProblemData, problemOf, toProblemDetails } from '@studio/contracts';
import { RetryLater, UnprocessableMessage } from '@studio/messaging';
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
    // A durable message that can never be handled goes to the dead letters with its own reason, at once; one
    // whose handler asked to be tried later keeps that pause. Both are the bus's to act on, untouched.
    if (exception instanceof UnprocessableMessage || exception instanceof RetryLater)
      return throwError(() => exception);
    const refusal = this.toProblem(exception);
    // A durable message's failure is seen only by its retries and, in the end, its dead letter: the operator
    // who reads that needs the real reason.
    if (host.getType() !== 'http' && isDurable(host.switchToRpc().getData()) && refusal.code === 'internal')
      return throwError(() => Problem.of('internal', errorText(exception)).problem);
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

/** A durable message (`DurableMessage`) rather than a request's envelope. */
const isDurable = (data: unknown): boolean =>
  typeof data === 'object' && data !== null && 'deliveryCount' in data && 'subject' in data;

const errorText = (exception: unknown): string =>
  (exception instanceof Error ? exception.message : String(exception)).slice(0, 500);

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
