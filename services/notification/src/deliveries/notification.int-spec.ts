import { LinkSealer, newLinkKey, parseLinkKey } from '@studio/service-kit';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { DurableSubject, type MailDelivery, type MailRequest, type StudioVerified } from '@studio/contracts';
import { type InProcessSystem, startInProcess } from '@studio/service-kit';
import { createDatabase, type SqlDatabase } from '@studio/sql';
import { freePort, freshDatabase, startTestSmtp, type TestSmtp } from '@studio/testing';
import { notificationService } from '../index';

const STUDIO = { id: 'studio-1', name: 'Atelier Nord', slug: 'atelier-nord' };

const linkOf = (key: string) => `https://portal.example/invitations/token-of-${key.replace(/\W/g, '')}`;

const anInvitation = (
  key: string,
  message: string | null = 'See you <b>soon</b>',
  link = linkOf(key),
): MailRequest => ({
  template: 'invitation',
  key,
  to: 'ana@example.com',
  studio: STUDIO,
  clientId: 'c-1',
  invitationId: key.replace('invitation:', ''),
  firstName: 'Ana',
  message,
  link,
  expiresAt: new Date(Date.now() + 72 * 3_600_000).toISOString(),
});

interface Received {
  readonly to: string[];
  readonly raw: string;
}

/** A real SMTP server on a free local port (or the one given), keeping what it receives. */
async function startSmtp(port = 0): Promise<TestSmtp & { received: Received[] }> {
  const received: Received[] = [];
  const server = await startTestSmtp({
    port,
    onMessage: async (message, session) => {
      const raw = await text(message);
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
    },
  });
  return Object.assign(server, { received });
}

async function waitFor<T>(find: () => T | undefined | Promise<T | undefined>, timeoutMs = 8_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('notification service', () => {
  let url: string;
  let drop: () => Promise<void>;
  const dbs: SqlDatabase[] = [];

  /** The service with its own schema and mail URL, and the MailDelivery messages it publishes. */
  async function start(label: string, mailUrl: string | undefined, env: Record<string, string> = {}) {
    let db: SqlDatabase | undefined;
    const system = await startInProcess([notificationService], {
      env: {
        PUBLIC_URL: 'https://portal.example',
        ...(mailUrl ? { MAIL_URL: mailUrl } : {}),
        ...env,
      },
      databaseFor: async () => {
        db = await createDatabase(url, { schema: `notification_${label}` });
        dbs.push(db);
        return db;
      },
      openEventStore: () => Promise.reject(new Error('not used')),
    });
    const deliveries: MailDelivery[] = [];
    await system.bus.consume(`test.${label}`, DurableSubject.mailDelivery, async (message) => {
      deliveries.push(message.data as MailDelivery);
    });
    const row = async (key: string) =>
      (
        await db!.query<{
          status: string;
          attempts: number;
          last_error: string | null;
          sent_at: Date | null;
          claimed: boolean;
        }>(
          'SELECT status, attempts, last_error, sent_at, claimed_until IS NOT NULL AS claimed FROM deliveries WHERE key = $1',
          [key],
        )
      ).rows[0];
    return { system, deliveries, row };
  }

  const send = (system: InProcessSystem, request: MailRequest) =>
    system.bus.publish(DurableSubject.mailRequests, request, { msgId: request.key });

  beforeAll(async () => {
    ({ url, drop } = await freshDatabase('notification'));
  });

  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    await drop();
  });

  describe('over SMTP', () => {
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let service: Awaited<ReturnType<typeof start>>;

    beforeAll(async () => {
      smtp = await startSmtp();
      service = await start('smtp', `smtp://127.0.0.1:${smtp.port}`);
    });

    afterAll(async () => {
      await service.system.stop();
      await smtp.close();
    });

    it('sends the invitation email once, even when the request is delivered twice', async () => {
      const request = anInvitation('invitation:inv-smtp');
      await send(service.system, request);
      await send(service.system, request);
      await waitFor(() => service.deliveries.find((d) => d.key === request.key));
      await new Promise((resolve) => setTimeout(resolve, 200));

      expect(smtp.received).toHaveLength(1);
      const [mail] = smtp.received;
      expect(mail!.to).toEqual(['ana@example.com']);
      expect(mail!.raw).toMatch(/Subject: You're invited to Atelier Nord's client portal/);
      expect(mail!.raw).toContain('X-Studio-Mail-Key: invitation:inv-smtp');
      expect(mail!.raw).toContain('Content-Type: text/plain');
      expect(mail!.raw).toContain('Content-Type: text/html');
      expect(mail!.raw.replace(/=\r?\n/g, '')).toContain('Create Your Password');
      const html = mail!.raw.slice(mail!.raw.indexOf('Content-Type: text/html')).replace(/=\r?\n/g, '');
      expect(html).toContain('See you &lt;b&gt;soon&lt;/b&gt;');
      expect(html).not.toContain('<b>soon</b>');

      expect(service.deliveries.filter((d) => d.key === request.key)).toEqual([
        {
          key: request.key,
          template: 'invitation',
          studioId: STUDIO.id,
          clientId: 'c-1',
          invitationId: 'inv-smtp',
          status: 'sent',
          attempts: 1,
          at: expect.any(String),
        },
      ]);
      await expect(service.row(request.key)).resolves.toMatchObject({
        status: 'sent',
        attempts: 1,
        sent_at: expect.any(Date),
      });
    });
  });

  describe('with a file outbox', () => {
    let dir: string;
    let service: Awaited<ReturnType<typeof start>>;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'studio-outbox-'));
      // As the embedded mode runs it: its own outbox, links logged.
      service = await start('file', `file://${dir}`, { MAIL_LOG_LINKS: 'true' });
    });

    afterAll(async () => {
      await service.system.stop();
      await rm(dir, { recursive: true, force: true });
    });

    // The service's log lines: the test's log file (LOG_FILE, set by the jest setup), else stdout.
    const logged = async (stdout: jest.SpyInstance) => {
      const logFile = process.env.LOG_FILE;
      return logFile
        ? (await readFile(logFile, 'utf8')).split('\n')
        : stdout.mock.calls.map(([chunk]) => String(chunk));
    };

    it('outside the embedded mode, writes the email and never logs its link', async () => {
      const quietDir = await mkdtemp(join(tmpdir(), 'studio-outbox-'));
      const quiet = await start('file_quiet', `file://${quietDir}`);
      const stdout = jest.spyOn(process.stdout, 'write');
      try {
        const request = anInvitation('invitation:inv-quiet', null);
        await send(quiet.system, request);
        expect(await readdir(quietDir)).toEqual(['invitation_inv-quiet.eml']);
        const link = 'link' in request ? request.link : '';
        expect((await logged(stdout)).filter((line) => line.includes(link))).toEqual([]);
      } finally {
        stdout.mockRestore();
        await quiet.system.stop();
        await rm(quietDir, { recursive: true, force: true });
      }
    });

    it('writes one .eml per email, named after its key, and prints its link', async () => {
      const stdout = jest.spyOn(process.stdout, 'write');
      const request = anInvitation('invitation:inv-file', null);
      await send(service.system, request);
      await send(service.system, request);

      expect(await readdir(dir)).toEqual(['invitation_inv-file.eml']);
      const eml = await readFile(join(dir, 'invitation_inv-file.eml'), 'utf8');
      expect(eml).toContain('To: ana@example.com');
      expect(eml.replace(/=\r?\n/g, '')).toContain('Atelier Nord has invited you to its client portal');
      const printed = (await logged(stdout)).filter((line) => line.includes('email to ana@example.com'));
      stdout.mockRestore();
      expect(printed).toHaveLength(1);
      expect(printed[0]).toContain(`email to ana@example.com: ${'link' in request ? request.link : ''}`);
      await waitFor(() => service.deliveries.find((d) => d.key === request.key && d.status === 'sent'));
    });
  });

  describe('with links sealed by MAIL_LINK_KEY', () => {
    const key = newLinkKey();
    const sealer = LinkSealer.withKey(parseLinkKey(key));
    let dir: string;
    let service: Awaited<ReturnType<typeof start>>;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'studio-outbox-'));
      service = await start('sealed', `file://${dir}`, { MAIL_LINK_KEY: key });
    });

    afterAll(async () => {
      await service.system.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('opens the link only to send it: the email carries the link itself', async () => {
      const link = linkOf('invitation:inv-sealed');
      await send(service.system, anInvitation('invitation:inv-sealed', null, sealer.seal(link)));
      const eml = (await readFile(join(dir, 'invitation_inv-sealed.eml'), 'utf8')).replace(/=\r?\n/g, '');
      expect(eml).toContain(link.replace(/=/g, '=3D'));
    });

    it('dead-letters at once, still sealed, a link sealed with another key', async () => {
      const elsewhere = LinkSealer.withKey(parseLinkKey(newLinkKey()));
      const key = 'invitation:inv-other-key';
      const request = anInvitation(key, null, elsewhere.seal(linkOf(key)));
      await send(service.system, request);
      const letter = service.system.deadLetters.find((l) => l.message.id === request.key);
      expect(letter?.error).toMatch(/does not open with this MAIL_LINK_KEY/);
      expect(letter?.message.deliveryCount).toBe(1);
      expect(JSON.stringify(letter?.message.data)).not.toContain('token-of');
      expect(await readdir(dir)).not.toContain('invitation_inv-other-key.eml');
    });
  });

  describe("over the studio's daily quota", () => {
    let dir: string;
    let service: Awaited<ReturnType<typeof start>>;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'studio-outbox-'));
      service = await start('quota', `file://${dir}`, {
        STUDIO_DAILY_EMAILS_UNVERIFIED: '1',
        STUDIO_DAILY_EMAILS: '2',
      });
    });

    afterAll(async () => {
      await service.system.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('records the email over quota as failed without sending it; verified, the studio sends more', async () => {
      const [first, second, third] = ['a', 'b', 'c'].map((id) => anInvitation(`invitation:inv-quota-${id}`));
      await send(service.system, first!);
      await send(service.system, second!);
      await send(service.system, second!);
      const refused = await waitFor(() => service.deliveries.find((d) => d.key === second!.key));
      expect(refused).toMatchObject({ status: 'failed', attempts: 1, invitationId: 'inv-quota-b' });
      expect((await service.row(second!.key))!.last_error).toBe(
        `studio ${STUDIO.id} is over its daily email quota (1)`,
      );
      expect(await readdir(dir)).toEqual(['invitation_inv-quota-a.eml']);
      // The owner's verification email is never refused: it is what lifts the quota.
      await send(service.system, {
        template: 'email-verification',
        key: 'email-verification:v-1',
        to: 'owner@example.com',
        studio: STUDIO,
        firstName: 'Olivia',
        link: 'https://portal.example/email-verifications/tok',
      });
      const verified: StudioVerified = { studioId: STUDIO.id, at: new Date().toISOString() };
      await service.system.bus.publish(DurableSubject.studioVerified, verified, { msgId: 'verified' });
      await send(service.system, third!);
      await waitFor(() => service.deliveries.find((d) => d.key === third!.key && d.status === 'sent'));
      expect((await readdir(dir)).sort()).toEqual([
        'email-verification_v-1.eml',
        'invitation_inv-quota-a.eml',
        'invitation_inv-quota-c.eml',
      ]);
    });
  });

  describe('when the SMTP server cannot be reached', () => {
    let service: Awaited<ReturnType<typeof start>>;

    beforeAll(async () => {
      service = await start('down', `smtp://127.0.0.1:${await freePort()}`, { MAIL_RETRY_WINDOW: '2s' });
    });

    afterAll(async () => {
      await service.system.stop();
    });

    it('retries with back-off for MAIL_RETRY_WINDOW, then records the email as failed and publishes that', async () => {
      const request = anInvitation('invitation:inv-down');
      const sentAt = Date.now();
      await send(service.system, request);

      const failed = await waitFor(() => service.deliveries.find((d) => d.key === request.key));
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(2_000);
      expect(failed).toMatchObject({ status: 'failed', clientId: 'c-1', invitationId: 'inv-down' });
      expect(failed.attempts).toBeGreaterThanOrEqual(2);
      const row = await service.row(request.key);
      expect(row).toMatchObject({ status: 'failed', attempts: failed.attempts, sent_at: null });
      expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(service.system.deadLetters).toHaveLength(0);

      // A late duplicate of the request changes nothing.
      await send(service.system, request);
      await expect(service.row(request.key)).resolves.toMatchObject({
        status: 'failed',
        attempts: failed.attempts,
      });
    });
  });

  describe('when the SMTP server is down for a while, within the window', () => {
    it('keeps the email pending, then sends it once the server is back', async () => {
      const port = await freePort();
      const service = await start('back', `smtp://127.0.0.1:${port}`);
      try {
        const request = anInvitation('invitation:inv-back');
        // In process, publishing settles once the email is handled: not awaited until the server is back.
        const sending = send(service.system, request);
        // Until the second attempt has failed and let go of its claim: the server must not be back while it runs.
        await waitFor(async () => {
          const row = await service.row(request.key);
          return (row && row.attempts >= 2 && !row.claimed) || undefined;
        });
        expect(service.deliveries).toEqual([]);

        const smtp = await startSmtp(port);
        try {
          const sent = await waitFor(() => service.deliveries.find((d) => d.key === request.key), 15_000);
          expect(sent).toMatchObject({ status: 'sent' });
          expect(sent.attempts).toBeGreaterThanOrEqual(3);
          expect(smtp.received).toHaveLength(1);
          await sending;
        } finally {
          await smtp.close();
        }
      } finally {
        await service.system.stop();
      }
    });
  });
});
