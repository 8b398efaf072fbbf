import { SettingsReader } from '@studio/service-kit';
import { readNotificationSettings } from './notification.settings';

const read = (env: NodeJS.ProcessEnv) => {
  const reader = new SettingsReader(env);
  return { settings: readNotificationSettings(reader), problems: reader.problems };
};

describe('notification settings', () => {
  it('sends from no-reply at the public host unless told otherwise', () => {
    expect(read({ PUBLIC_URL: 'https://portal.oak.test' }).settings.mailFrom).toBe(
      'no-reply@portal.oak.test',
    );
    expect(read({ MAIL_FROM: 'studio@oak.test' }).settings.mailFrom).toBe('studio@oak.test');
  });

  it('names a sender that is not an address, and a mail URL of another kind', () => {
    expect(read({ MAIL_FROM: 'nobody', MAIL_URL: 'http://mail.test' }).problems).toEqual([
      'MAIL_URL: expected smtp://, smtps://, file://…',
      'MAIL_FROM="nobody": expected an email address, e.g. no-reply@studio.example',
    ]);
  });

  it('takes STARTTLS when offered unless MAIL_TLS says required or off, and names anything else', () => {
    expect(read({}).settings.mailTls).toBe('auto');
    expect(read({ MAIL_TLS: 'required' }).settings.mailTls).toBe('required');
    expect(read({ MAIL_TLS: 'sometimes', MAIL_TLS_CA: '/no/such/ca.pem' }).problems).toEqual([
      'MAIL_TLS="sometimes": expected auto, required or off',
      'MAIL_TLS_CA="/no/such/ca.pem": no such file',
    ]);
  });

  it('retries an email for 24 hours unless MAIL_RETRY_WINDOW says otherwise, and names a window that is not one', () => {
    expect(read({}).settings.mailRetryWindowMs).toBe(24 * 3_600_000);
    expect(read({ MAIL_RETRY_WINDOW: '15m' }).settings.mailRetryWindowMs).toBe(15 * 60_000);
    expect(read({ MAIL_RETRY_WINDOW: 'a while' }).problems).toEqual([
      'MAIL_RETRY_WINDOW="a while": expected a duration such as 90s, 15m, 72h or 3d',
    ]);
  });

  it('allows a studio 100 emails a day until its owner verified, 10,000 after, unless told otherwise', () => {
    expect(read({}).settings.dailyEmails).toEqual({ verified: 10_000, unverified: 100 });
    const raised = read({ STUDIO_DAILY_EMAILS: '50000', STUDIO_DAILY_EMAILS_UNVERIFIED: '2' });
    expect(raised.settings.dailyEmails).toEqual({ verified: 50_000, unverified: 2 });
    expect(read({ STUDIO_DAILY_EMAILS_UNVERIFIED: '0' }).problems).toEqual([
      'STUDIO_DAILY_EMAILS_UNVERIFIED="0": expected a whole number of emails a day',
    ]);
  });
});
