import type { SettingsReader } from '@studio/service-kit';

export interface NotificationSettings {
  /** MAIL_URL: `smtp://`, `smtps://` or `file://<dir>` (one `.eml` per email). */
  readonly mailUrl: string | undefined;
  /** MAIL_FROM: the sender of every email, `no-reply@<PUBLIC_URL host>` by default. */
  readonly mailFrom: string;
  /** DATA_DIR: where the embedded mode's outbox is when MAIL_URL is unset. */
  readonly dataDir: string;
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
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'localhost';
  }
}
