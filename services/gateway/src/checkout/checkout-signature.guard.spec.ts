import { createHmac } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import { problemOf } from '@studio/contracts';
import type { GatewaySettings } from '../gateway.settings';
import { CheckoutSignatureGuard, signatureMatches } from './checkout-signature.guard';

const SECRET = 'checkout secret';
const BODY = Buffer.from('{"orderId":"o-1"}');
const sign = (body: Buffer, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const requestWith = (signature: string | undefined, rawBody: Buffer | null = BODY): ExecutionContext =>
  ({
    switchToHttp: () => ({
      getRequest: () => ({
        rawBody: rawBody ?? undefined,
        header: (name: string) => (name.toLowerCase() === 'x-signature' ? signature : undefined),
      }),
    }),
  }) as unknown as ExecutionContext;

const guard = (secret: string | undefined) =>
  new CheckoutSignatureGuard({ checkoutWebhookSecret: secret } as GatewaySettings);

const codeOf = (check: () => unknown): string | undefined => {
  try {
    check();
    return undefined;
  } catch (error) {
    return problemOf(error)?.code;
  }
};

describe('the checkout webhook signature', () => {
  it('lets a body signed with the secret through (hex in either case)', () => {
    expect(guard(SECRET).canActivate(requestWith(sign(BODY)))).toBe(true);
    expect(guard(SECRET).canActivate(requestWith(sign(BODY).toUpperCase().replace('SHA256', 'sha256')))).toBe(
      true,
    );
  });

  it.each([
    ['no header', undefined],
    ['another secret', sign(BODY, 'another secret')],
    ['another body', sign(Buffer.from('{"orderId":"o-2"}'))],
    ['not hex', `sha256=${'z'.repeat(64)}`],
    ['too short', 'sha256=abcd'],
    ['another algorithm', sign(BODY).replace('sha256', 'sha1')],
  ])('refuses %s with bad-signature', (_case, signature) => {
    expect(codeOf(() => guard(SECRET).canActivate(requestWith(signature)))).toBe('bad-signature');
  });

  it('refuses a request without a body it could check', () => {
    expect(codeOf(() => guard(SECRET).canActivate(requestWith(sign(BODY), null)))).toBe('bad-signature');
  });

  it('is not there (404) when no CHECKOUT_WEBHOOK_SECRET is set, whatever the signature', () => {
    expect(codeOf(() => guard(undefined).canActivate(requestWith(sign(BODY))))).toBe('not-found');
  });

  it('compares only digests of the right length', () => {
    expect(signatureMatches(SECRET, BODY, 'ab')).toBe(false);
  });
});
