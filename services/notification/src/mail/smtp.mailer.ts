import { createTransport, type Transporter } from 'nodemailer';
import type { MailTls } from '../notification.settings';
import { type Mailer, nodemailerMessage, type OutgoingMail } from './mailer.port';

export interface SmtpTls {
  /** For `smtp://`: STARTTLS when offered (`auto`), always (`required`), or never (`off`). */
  readonly tls: MailTls;
  /** A private CA to trust beside the system's (PEM). */
  readonly ca?: string;
}

/** Connections to the relay at once (nodemailer's pool; each sends one email at a time, up to 100, then renews). */
const POOLED_CONNECTIONS = 5;

/** nodemailer's TLS options for each mode: only `auto` accepts any certificate, being opportunistic. */
function tlsOptions(secure: boolean, { tls, ca }: SmtpTls) {
  const trusted = ca === undefined ? {} : { ca };
  if (secure) return { tls: trusted };
  switch (tls) {
    case 'off':
      return { ignoreTLS: true };
    case 'required':
      return { requireTLS: true, tls: trusted };
    case 'auto':
      return { tls: { rejectUnauthorized: false } };
  }
}

/**
 * Sends over SMTP: `smtp://host:port`, upgraded with STARTTLS as MAIL_TLS says, or `smtps://` (TLS from the
 * start). Connections are pooled and kept for many messages: a connection of its own per email (connect,
 * greeting, EHLO, perhaps TLS, QUIT) cost the relay and this service more than the email did.
 */
export class SmtpMailer implements Mailer {
  readonly printsLinks = false;
  private readonly transport: Transporter;

  constructor(url: URL, tls: SmtpTls = { tls: 'auto' }) {
    const secure = url.protocol === 'smtps:';
    this.transport = createTransport({
      host: url.hostname,
      port: Number(url.port || (secure ? 465 : 25)),
      secure,
      ...tlsOptions(secure, tls),
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      pool: true,
      maxConnections: POOLED_CONNECTIONS,
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
