import { z } from 'zod';
import { named } from './api-registry';
import type { Result } from '../result';
import { parseEmail, parsePhone } from '../values';
import { email, id, name, text, time, type Output } from './text.schema';

/**
 * The rules a client's profile holds to, checked at the edge too: the webhook answers `400` naming the field,
 * where a purchase the registry would refuse later could only go to the dead letters.
 */
const valid = <T extends z.ZodType<string | null | undefined>>(
  schema: T,
  parse: (value: string) => Result<unknown>,
) =>
  schema.superRefine((value, context) => {
    if (typeof value !== 'string') return;
    const parsed = parse(value);
    if (!parsed.ok)
      for (const error of parsed.errors) context.addIssue({ code: 'custom', message: error.message });
  });

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
      email: valid(email(), parseEmail),
      phone: valid(text(200).nullable().optional(), parsePhone),
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
