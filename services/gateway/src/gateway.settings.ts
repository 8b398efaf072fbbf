import type { SettingsReader } from '@studio/service-kit';

export interface GatewaySettings {
  /** PUBLIC_URL: where the API and the pages are served (the OpenAPI document's server). */
  readonly publicUrl: string;
  /** Per address, so generous: an office behind one NAT is many people; identity throttles per account. */
  readonly rateLimitPerMinute: number;
  /** Sign-ins, password resets and token links, per address. */
  readonly rateLimitSensitivePerMinute: number;
  /** Sign-ups, per address: each costs an argon2 hash and may send email. */
  readonly rateLimitSignUpsPerHour: number;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For to believe (e.g. `loopback`, `10.0.0.0/8`, `1`). */
  readonly trustProxy: string | undefined;
  /** CHECKOUT_WEBHOOK_SECRET: unset, the checkout's HTTP channel answers 404. */
  readonly checkoutWebhookSecret: string | undefined;
  /** CHECKOUT_SUBJECT: where a signed purchase is put, for client-registry to record. */
  readonly checkoutSubject: string;
}

export const readGatewaySettings = (read: SettingsReader): GatewaySettings => ({
  publicUrl: read.publicUrl(),
  rateLimitPerMinute: read.count('RATE_LIMIT_PER_MINUTE', 6000, 'a whole number of requests a minute'),
  rateLimitSensitivePerMinute: read.count(
    'RATE_LIMIT_SENSITIVE_PER_MINUTE',
    600,
    'a whole number of requests a minute',
  ),
  rateLimitSignUpsPerHour: read.count(
    'RATE_LIMIT_SIGN_UPS_PER_HOUR',
    20,
    'a whole number of sign-ups an hour',
  ),
  trustProxy: read.env.TRUST_PROXY || undefined,
  checkoutWebhookSecret: read.env.CHECKOUT_WEBHOOK_SECRET || undefined,
  checkoutSubject: read.checkoutSubject(),
});
