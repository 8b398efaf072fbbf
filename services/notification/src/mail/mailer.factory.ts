import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NotificationSettings } from '../notification.settings';
import { FileMailer } from './file.mailer';
import type { Mailer } from './mailer.port';
import { SmtpMailer } from './smtp.mailer';

/** The adapter MAIL_URL names; without one, the embedded mode's file outbox under DATA_DIR. */
export function createMailer(
  settings: Pick<NotificationSettings, 'mailUrl' | 'dataDir'> &
    Partial<Pick<NotificationSettings, 'mailTls' | 'mailTlsCa' | 'logLinks'>>,
): Mailer {
  const mailUrl = settings.mailUrl;
  const logLinks = settings.logLinks ?? false;
  if (mailUrl === undefined) return new FileMailer(resolve(settings.dataDir, 'outbox'), logLinks);
  if (mailUrl.startsWith('file://')) return new FileMailer(fileDir(mailUrl), logLinks);
  const ca = settings.mailTlsCa === undefined ? undefined : readFileSync(settings.mailTlsCa, 'utf8');
  return new SmtpMailer(new URL(mailUrl), { tls: settings.mailTls ?? 'auto', ...(ca ? { ca } : {}) });
}

/** `file:///abs/dir` or `file://relative/dir` (relative to the working directory, as DATA_DIR is). */
function fileDir(mailUrl: string): string {
  const rest = mailUrl.slice('file://'.length);
  return rest.startsWith('/') ? fileURLToPath(mailUrl) : resolve(rest);
}
