import { z } from 'zod';
import { named } from './api-registry';
import { email, id, name, text, time, type Output } from './text.schema';

/** A package bought at the checkout: on the bus (`checkout.package.purchased`) and over HTTP, the same. */
export const PackagePurchaseSchema = named(
  'PackagePurchase',
  'A package bought at the checkout; idempotent on `orderId`',
  z.strictObject({
    orderId: id(),
    studioId: id(),
    purchasedAt: time(),
    buyer: z.strictObject({
      firstName: name(),
      lastName: name(),
      email: email(),
      phone: text(200).nullable().optional(),
    }),
    package: z.strictObject({ id: id(), name: name() }),
  }),
);

export const CheckoutSignatureHeadersSchema = z.object({
  'X-Signature': text(200)
    .regex(/^sha256=[0-9a-f]{64}$/i, 'must be sha256=<hex HMAC-SHA256 of the body>')
    .describe('sha256=<hex HMAC-SHA256 of the raw body with CHECKOUT_WEBHOOK_SECRET>'),
});

export type PackagePurchase = Output<typeof PackagePurchaseSchema>;
