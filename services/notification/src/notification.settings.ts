import { existsSync } from 'node:fs';
import type { SettingsReader } from '@studio/service-kit';

/**
 * MAIL_TLS for `smtp://`: `auto` takes STARTTLS whenever the server offers it (opportunistic, RFC 7435: the
 * certificate is not checked, so a relay's self-signed one still works, and nothing goes in the clear to a
 * server that can encrypt); `required` refuses to send without it and checks the certificate; `off` never.
 */
export type MailTls = 'auto' | 'required' | 'off';

export interface NotificationSettings {
  /** MAIL_URL: `smtp://`, `smtps://` or `file://<dir>` (one `.eml` per email). */
  readonly mailUrl: string | undefined;
  /** MAIL_FROM: the sender of every email, `no-reply@<PUBLIC_URL host>` by default. */
  readonly mailFrom: string;
  /** DATA_DIR: where the embedded mode's outbox is when MAIL_URL is unset. */
  readonly dataDir: string;
  readonly mailTls: MailTls;
  /** MAIL_TLS_CA: a PEM file of the CA that signed a private relay's certificate (beside the system's). */
  readonly mailTlsCa: string | undefined;
  /**
   * MAIL_LOG_LINKS: log each file-outbox email's link (`npm start` sets it for its own outbox, where no inbox
   * shows them); off everywhere else, as a logged link is a live credential in the logs.
   */
  readonly logLinks: boolean;
  /**
   * MAIL_RETRY_WINDOW: how long an email whose server cannot take it is retried, with back-off, before it is
   * recorded as failed (default 24h, as a mail relay would); the profile shows `pending` meanwhile.
   */
  readonly mailRetryWindowMs: number;
  /** STUDIO_DAILY_EMAILS, STUDIO_DAILY_EMAILS_UNVERIFIED: a studio's emails a UTC day, once its owner verified and before. */
  readonly dailyEmails: { readonly verified: number; readonly unverified: number };
}

export function readNotificationSettings(read: SettingsReader): NotificationSettings {
  const publicHost = hostOf(read.publicUrl());
  return {
    mailUrl: read.url('MAIL_URL', ['smtp://', 'smtps://', 'file://']),
    mailFrom: read.text(
      'MAIL_FROM',
      `no-reply@${publicHost}`,
      /^[^\s@<>]+@[^\s@<>]+$/,
      'an email address, e.g. no-reply@studio.example',
    ),
    dataDir: read.env.DATA_DIR ?? '.data',
    mailTls: read.text('MAIL_TLS', 'auto', /^(auto|required|off)$/, 'auto, required or off') as MailTls,
    mailTlsCa: caFile(read),
    logLinks: read.text('MAIL_LOG_LINKS', 'false', /^(true|false)$/, 'true or false') === 'true',
    mailRetryWindowMs: read.duration('MAIL_RETRY_WINDOW', '24h'),
    dailyEmails: {
      verified: read.count('STUDIO_DAILY_EMAILS', 10_000, 'a whole number of emails a day'),
      unverified: read.count('STUDIO_DAILY_EMAILS_UNVERIFIED', 100, 'a whole number of emails a day'),
    },
  };
}

function caFile(read: SettingsReader): string | undefined {
  const file = read.env.MAIL_TLS_CA || undefined;
  if (file !== undefined && !existsSync(file)) read.problems.push(`MAIL_TLS_CA="${file}": no such file`);
  return file;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'localhost';
  }
}
