import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { type Mailer, nodemailerMessage, type OutgoingMail } from './mailer.port';

/**
 * The embedded mode's outbox: one `.eml` file per email, named after its key. Written to a temporary file
 * and renamed, so a reader never sees half an email and a resend replaces the file whole.
 */
export class FileMailer implements Mailer {
  private readonly transport: Transporter;

  /** `printsLinks`: only for the embedded mode's own outbox (MAIL_LOG_LINKS), never another folder. */
  constructor(
    private readonly dir: string,
    readonly printsLinks = false,
  ) {
    this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = (await this.transport.sendMail(nodemailerMessage(mail))) as { message: Buffer };
    await mkdir(this.dir, { recursive: true });
    const name = fileNameFor(mail.key);
    const temporary = join(this.dir, `.${name}.${randomUUID()}.tmp`);
    await writeFile(temporary, info.message);
    await rename(temporary, join(this.dir, `${name}.eml`));
  }

  close(): void {
    this.transport.close();
  }
}

/** A key such as `invitation:abc` as a safe file name: no path separators, no dots leading outside the dir. */
export function fileNameFor(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 200);
}
