import type { SettingsReader } from '@studio/service-kit';

export interface NotificationSettings {
  /** MAIL_URL: `smtp://`, `smtps://` or `file://<dir>` (one `.eml` per email). */
  readonly mailUrl: string | undefined;
  /** MAIL_FROM: the sender of every email, `no-reply@<PUBLIC_URL host>` by default. */
  readonly mailFrom: string;
  /** DATA_DIR: where the embedded mode's outbox is when MAIL_URL is unset. */
  readonly dataDir: string;
  /**
   * Whether each sent email's link is logged: only the embedded mode sets it (MAIL_PRINT_LINKS, when its
   * emails go to the local outbox), since no inbox shows them there; a deployment's logs never hold one.
   */
  readonly printLinks: boolean;
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
    printLinks: read.env.MAIL_PRINT_LINKS === 'true',
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'localhost';
  }
}
