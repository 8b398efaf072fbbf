import type { SettingsReader } from '@studio/service-kit';

export interface ClientRegistrySettings {
  /** INVITATION_TTL: how long a link works (the decider stamps each invitation's expiry with it). */
  readonly invitationTtlMs: number;
  /** CHECKOUT_SUBJECT: where the checkout publishes package purchases (no deployment prefix). */
  readonly checkoutSubject: string;
  /** INVITATION_RESEND_INTERVAL: at least this long between two resends of a client's invitation. */
  readonly resendIntervalMs: number;
}

export const readClientRegistrySettings = (read: SettingsReader): ClientRegistrySettings => ({
  invitationTtlMs: read.duration('INVITATION_TTL', '72h'),
  checkoutSubject: read.checkoutSubject(),
  resendIntervalMs: read.duration('INVITATION_RESEND_INTERVAL', '1m'),
});
