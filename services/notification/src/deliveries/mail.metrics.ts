import { Counter, register } from 'prom-client';

/** Emails by template and what became of an attempt: sent, failed for good, or to be retried. */
export const mailDeliveries = new Counter({
  name: 'studio_mail_deliveries_total',
  help: 'Email delivery attempts by template and outcome (sent, failed for good, retried)',
  labelNames: ['template', 'status'] as const,
  registers: [register],
});

/** Emails not sent because their studio had used its daily quota (STUDIO_DAILY_EMAILS[_UNVERIFIED]). */
export const mailOverQuota = new Counter({
  name: 'studio_mail_over_quota_total',
  help: 'Emails refused because their studio had used its daily email quota, by template',
  labelNames: ['template'] as const,
  registers: [register],
});
