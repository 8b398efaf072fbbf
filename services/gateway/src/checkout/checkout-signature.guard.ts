import { createHmac, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Problem } from '@studio/contracts';
import { SETTINGS } from '@studio/service-kit';
import type { GatewaySettings } from '../gateway.settings';
import type { RequestWithRawBody } from '../http/json-parser';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * The checkout webhook's caller is the checkout: `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>` with
 * CHECKOUT_WEBHOOK_SECRET, compared in constant time, before anything reads the body. Without a secret the
 * endpoint does not exist (404), so an unconfigured deployment accepts no purchases it cannot verify.
 */
@Injectable()
export class CheckoutSignatureGuard implements CanActivate {
  constructor(@Inject(SETTINGS) private readonly settings: GatewaySettings) {}

  canActivate(context: ExecutionContext): boolean {
    const secret = this.settings.checkoutWebhookSecret;
    if (secret === undefined) throw Problem.of('not-found', 'no checkout is configured');
    const req = context.switchToHttp().getRequest<RequestWithRawBody>();
    const given = SIGNATURE.exec(req.header('x-signature') ?? '')?.[1];
    if (given === undefined || !signatureMatches(secret, req.rawBody ?? Buffer.alloc(0), given)) {
      throw Problem.of('bad-signature', 'X-Signature is not the HMAC-SHA256 of this body');
    }
    return true;
  }
}

export function signatureMatches(secret: string, body: Buffer, givenHex: string): boolean {
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(givenHex, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
