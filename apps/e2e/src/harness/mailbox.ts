import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { startTestSmtp } from '@studio/testing';

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Where the system's emails land: a real SMTP server (separate processes) or the `.eml` outbox (embedded). */
export interface Mailbox {
  all(): Promise<readonly Mail[]>;
  /** How many emails arrived, without reading them. */
  count(): Promise<number>;
  close(): Promise<void>;
}

export async function waitForMail(
  mailbox: Mailbox,
  match: (mail: Mail) => boolean,
  timeoutMs = 15_000,
): Promise<Mail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mailbox.all()).find(match);
    if (found) return found;
    if (Date.now() > until) throw new Error('no matching email arrived');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function smtpMailbox(): Promise<Mailbox & { port: number }> {
  const received: Mail[] = [];
  const server = await startTestSmtp({
    onMessage: async (message) => {
      received.push(toMail(await simpleParser(message)));
    },
  });
  return {
    port: server.port,
    all: async () => received,
    count: async () => received.length,
    close: () => server.close(),
  };
}

export function outboxMailbox(dir: string): Mailbox {
  const emails = async () =>
    (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  return {
    count: async () => (await emails()).length,
    all: async () => {
      const files = await emails();
      return Promise.all(
        files.map(async (f) => toMail(await simpleParser(await readFile(path.join(dir, f))))),
      );
    },
    close: async () => undefined,
  };
}

function toMail(parsed: Awaited<ReturnType<typeof simpleParser>>): Mail {
  const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
  return {
    to,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
  };
}

/** The token of the first link to `kind` in an email. */
export function linkToken(
  mail: Mail,
  kind: 'invitations' | 'password-resets' | 'email-verifications',
): string {
  const match = new RegExp(`/${kind}/([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${kind} link in "${mail.subject}"`);
  return match[1];
}
