import { honoursIdempotencyKey, type Operation, Problem } from '@studio/contracts';
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
import { OPERATION } from '../http/route.decorator';
import { type SealedRequest, sealedRequest } from './sealed-answer';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** How long a duplicate waits for the first request with its key before it is told `409 conflict`. */
const WAIT_FOR_FIRST_MS = 2_000;
const POLL_MS = 100;

/**
 * `Idempotency-Key` on a POST, in the caller's own namespace (`idempotencyScope`): the first request with a
 * key runs and its answer is stored; the same key with the same body answers that again without running
 * anything; with another body (or path) `422`. Only successful answers are stored: after a refusal or an
 * outage the key is free, so a retry really retries. Every POST of the route table honours it; those whose body
 * holds a password (`bodyHoldsPassword`) keep their record sealed (`sealedRequest`).
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
    const operation = this.reflector.get<Operation | undefined>(OPERATION, context.getHandler());
    if (key === undefined || operation === undefined || !honoursIdempotencyKey(operation))
      return next.handle();
    if (!KEY.test(key)) {
      throw Problem.of('validation-failed', 'Idempotency-Key is not valid', [
        { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
      ]);
    }
    const res = context.switchToHttp().getResponse<Response>();
    return from(this.start(req, key, operation.bodyHoldsPassword === true, res, next));
  }

  private async start(
    req: GatewayRequest,
    key: string,
    sealed: boolean,
    res: Response,
    next: CallHandler,
  ): Promise<unknown> {
    const principal = idempotencyScope(req);
    const methodPath = `POST ${req.path}`;
    const seal = sealed ? await sealedRequest(principal, key, methodPath, req.body) : undefined;
    const record: IdempotencyRecord = {
      principal,
      key,
      methodPath,
      bodyHash: seal?.bodyHash ?? bodyHash(req.body),
    };
    const claim = await this.settle(record);
    switch (claim.kind) {
      case 'mismatch':
        throw Problem.of('idempotency-key-reused', 'this Idempotency-Key was used with another request');
      case 'in-flight':
        throw Problem.of('conflict', 'a request with this Idempotency-Key is still being handled');
      case 'replay':
        return replay(claim, res, seal);
      case 'claimed':
        return this.first(record, res, next, seal);
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

  private async first(
    record: IdempotencyRecord,
    res: Response,
    next: CallHandler,
    seal: SealedRequest | undefined,
  ): Promise<unknown> {
    let value: unknown;
    try {
      value = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.store.release(record).catch((failure: unknown) => this.warn('release', failure));
      throw error;
    }
    // The work is done: failing to record it must not turn the success into an error.
    const answer = value === undefined ? null : JSON.stringify(value);
    // Sealed, with the session cookie the answer set: a replay signs the caller in as the first did.
    const stored = seal
      ? seal.seal(JSON.stringify({ body: answer, cookie: res.getHeader('set-cookie') ?? null }))
      : answer;
    await this.store
      .complete(record, res.statusCode, stored)
      .catch((failure: unknown) => this.warn('complete', failure));
    return value;
  }

  private warn(step: string, error: unknown): void {
    this.log.warn(`${step} failed: ${errorMessage(error)}`);
  }
}

/** The first answer again: its status and body, and for a sealed one the cookie it set. */
function replay(
  claim: Extract<Claim, { kind: 'replay' }>,
  res: Response,
  seal: SealedRequest | undefined,
): unknown {
  let body = claim.body;
  if (seal && body !== null) {
    const opened = seal.open(body);
    if (opened === undefined)
      throw Problem.of('idempotency-key-reused', 'this Idempotency-Key was used with another request');
    const answer = JSON.parse(opened) as { body: string | null; cookie: string | string[] | null };
    if (answer.cookie !== null) res.setHeader('Set-Cookie', answer.cookie);
    body = answer.body;
  }
  res.status(claim.status);
  res.setHeader('Idempotent-Replayed', 'true');
  return body === null ? undefined : (JSON.parse(body) as unknown);
}
