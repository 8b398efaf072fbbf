import { Counter, register } from 'prom-client';

/**
 * Emails by template and what became of an attempt: sent, failed for good, to be retried, or refused as over its
 * studio's daily quota (STUDIO_DAILY_EMAILS[_UNVERIFIED]; its delivery is `failed` too, on the profile).
 */
export const mailDeliveries = new Counter({
  name: 'studio_mail_deliveries_total',
  help: 'Email delivery attempts by template and outcome (sent, failed for good, retried, over-quota)',
  labelNames: ['template', 'status'] as const,
  registers: [register],
});
