import { type ArgumentsHost, Catch, type ExceptionFilter, type HttpServer, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { DomainException, isProblem, problem } from '@studio/contracts';
import { type Observable, throwError } from 'rxjs';
import { ProblemError } from './problem.error';

/**
 * Every bus handler's errors, in one place: a refusal (a decider's `DomainException`, a `ProblemError`) goes
 * back to the caller as its problem; anything else is logged here and answered as `internal`, without details.
 * HTTP errors are left to Nest's own handling (the gateway maps them with its own, controller-level filter).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter<unknown> {
  private readonly log = new Logger('ProblemFilter');
  private readonly http: BaseExceptionFilter;

  constructor(httpAdapter: HttpServer) {
    this.http = new BaseExceptionFilter(httpAdapter);
  }

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'http') return this.http.catch(exception, host);
    if (exception instanceof DomainException || exception instanceof ProblemError) {
      return throwError(() => exception.problem);
    }
    if (isProblem(exception)) return throwError(() => exception);
    this.log.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return throwError(() => problem('internal', 'the service failed to handle the request'));
  }
}
