import { createHmac, randomBytes } from 'node:crypto';
import type { PackagePurchase } from '@studio/contracts';
import type { Answer, Api } from './http';

/** The webhook secret every e2e system is started with (CHECKOUT_WEBHOOK_SECRET). */
export const CHECKOUT_SECRET = 'e2e checkout secret';

export const aPurchase = (studioId: string, overrides: Partial<PackagePurchase> = {}): PackagePurchase => {
  const id = randomBytes(4).toString('hex');
  return {
    orderId: `order-${id}`,
    studioId,
    purchasedAt: new Date().toISOString(),
    buyer: { firstName: 'Bea', lastName: `Buyer${id}`, email: `bea-${id}@buyer.test` },
    package: { id: 'pkg-refresh', name: 'Room Refresh' },
    ...overrides,
  };
};

export const signature = (body: string, secret = CHECKOUT_SECRET): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Posts a purchase to the webhook as the checkout would: the raw body, signed. */
export function postPurchase(
  api: Api,
  purchase: unknown,
  sign: (body: string) => string | undefined = signature,
): Promise<Answer> {
  const raw = JSON.stringify(purchase);
  const signed = sign(raw);
  return api.post('/api/v1/integrations/checkout/purchases', undefined, {
    raw,
    headers: signed === undefined ? {} : { 'x-signature': signed },
  });
}
