import { Problem } from '@studio/contracts';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { errorMessage } from '@studio/messaging';
import type { Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type GatewayRequest } from '../auth/auth-context';
import { type Claim, IdempotencyStore, type IdempotencyRecord } from './idempotency.store';
import { idempotencyScope } from './idempotency-scope';
import { bodyHash } from './request-hash';
import { SKIP_IDEMPOTENCY } from './skip-idempotency';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** How long a duplicate waits for the first request with its key before it is told `409 conflict`. */
const WAIT_FOR_FIRST_MS = 2_000;
const POLL_MS = 100;

/**
 * `Idempotency-Key` on a POST, in the caller's own namespace (`idempotencyScope`): the first request with a
 * key runs and its answer is stored; the same key with the same body answers that again without running
 * anything; with another body (or path) `422`. Only successful answers are stored: after a refusal or an
 * outage the key is free, so a retry really retries.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly log = new Logger('Idempotency');

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const key = req.header('idempotency-key');
    const skip = this.reflector.getAllAndOverride<boolean | undefined>(SKIP_IDEMPOTENCY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (req.method !== 'POST' || key === undefined || skip === true) return next.handle();
    if (!KEY.test(key)) {
      throw Problem.of('validation-failed', 'Idempotency-Key is not valid', [
        { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
      ]);
    }
    const record: IdempotencyRecord = {
      principal: idempotencyScope(req),
      key,
      methodPath: `POST ${req.path}`,
      bodyHash: bodyHash(req.body),
    };
    const res = context.switchToHttp().getResponse<Response>();
    return from(this.run(record, res, next));
  }

  private async run(record: IdempotencyRecord, res: Response, next: CallHandler): Promise<unknown> {
    const claim = await this.settle(record);
    switch (claim.kind) {
      case 'mismatch':
        throw Problem.of('idempotency-key-reused', 'this Idempotency-Key was used with another request');
      case 'in-flight':
        throw Problem.of('conflict', 'a request with this Idempotency-Key is still being handled');
      case 'replay':
        res.status(claim.status);
        res.setHeader('Idempotent-Replayed', 'true');
        return claim.body === null ? undefined : (JSON.parse(claim.body) as unknown);
      case 'claimed':
        return this.first(record, res, next);
    }
  }

  /** A duplicate that arrives while the first is running waits a little for its answer. */
  private async settle(record: IdempotencyRecord): Promise<Claim> {
    const until = Date.now() + WAIT_FOR_FIRST_MS;
    let claim = await this.store.claim(record);
    while (claim.kind === 'in-flight' && Date.now() < until) {
      await sleep(POLL_MS);
      claim = await this.store.claim(record);
    }
    return claim;
  }

  private async first(record: IdempotencyRecord, res: Response, next: CallHandler): Promise<unknown> {
    let value: unknown;
    try {
      value = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.store.release(record).catch((failure: unknown) => this.warn('release', failure));
      throw error;
    }
    // The work is done: failing to record it must not turn the success into an error.
    await this.store
      .complete(record, res.statusCode, value === undefined ? null : JSON.stringify(value))
      .catch((failure: unknown) => this.warn('complete', failure));
    return value;
  }

  private warn(step: string, error: unknown): void {
    this.log.warn(`${step} failed: ${errorMessage(error)}`);
  }
}
