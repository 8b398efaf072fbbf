/** An email ready to go: rendered, addressed, with its idempotency key. */
export interface OutgoingMail {
  readonly key: string;
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Where emails go: an SMTP server, or a directory of `.eml` files (embedded mode). */
export interface Mailer {
  /** True for the file outbox: the embedded mode prints each email's link, as no inbox will show it. */
  readonly printsLinks: boolean;
  /** Resolves once the email is handed over; rejects if it was not. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export const MAILER = Symbol('Mailer');

/**
 * The same Message-ID for every attempt at one email: if a crash after the hand-over makes us send it again,
 * mail servers and clients see one message, not two.
 */
const messageIdOf = (mail: OutgoingMail): string =>
  `<${mail.key.replace(/[^A-Za-z0-9._-]/g, '.')}@${mail.from.address.split('@')[1] ?? 'studio.invalid'}>`;

/** The nodemailer message for an email, the same whichever transport sends it. */
export const nodemailerMessage = (mail: OutgoingMail) => ({
  from: mail.from,
  to: mail.to,
  subject: mail.subject,
  html: mail.html,
  text: mail.text,
  messageId: messageIdOf(mail),
  headers: { ...mail.headers },
});
