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
