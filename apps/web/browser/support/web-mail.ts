import type { Mail, Mailbox } from '../../../e2e/src/harness/mailbox';

/**
 * The next email to `address` whose subject matches and that is none of `seen` (the outbox lists files in no
 * particular order, so "the newest" is "the one not seen before").
 */
export async function nextMail(
  mailbox: Mailbox,
  address: string,
  subject: RegExp,
  seen: readonly Mail[] = [],
): Promise<Mail> {
  const until = Date.now() + 20_000;
  for (;;) {
    const fresh = (await mailbox.all()).find(
      (m) => m.to.includes(address) && subject.test(m.subject) && !seen.some((s) => s.text === m.text),
    );
    if (fresh) return fresh;
    if (Date.now() > until) throw new Error(`no new email to ${address} (${String(subject)}) arrived`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The path of the first link to `kind` in an email, to open in the browser under the system's own URL. */
export function linkPath(
  mail: Mail,
  kind: 'invitations' | 'password-resets' | 'email-verifications',
): string {
  const match = new RegExp(`/${kind}/([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${kind} link in "${mail.subject}"`);
  return `/${kind}/${match[1]}`;
}
