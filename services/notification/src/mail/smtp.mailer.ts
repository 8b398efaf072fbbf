import { createTransport, type Transporter } from 'nodemailer';
import { type Mailer, nodemailerMessage, type OutgoingMail } from './mailer.port';

/** Sends over SMTP: `smtp://host:port` (plain, as a local relay or Mailpit) or `smtps://` (TLS from the start). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(url: URL) {
    const secure = url.protocol === 'smtps:';
    this.transport = createTransport({
      host: url.hostname,
      port: Number(url.port || (secure ? 465 : 25)),
      secure,
      ignoreTLS: !secure,
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail(nodemailerMessage(mail));
  }

  close(): void {
    this.transport.close();
  }
}
