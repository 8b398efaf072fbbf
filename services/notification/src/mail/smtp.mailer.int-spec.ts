import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestSmtp } from '@studio/testing';
import type { OutgoingMail } from './mailer.port';
import { SmtpMailer, type SmtpTls } from './smtp.mailer';

/** A self-signed certificate for 127.0.0.1 and localhost, made for this run. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'smtp-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
        ...['-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Received {
  readonly to: string;
  /** Whether the session had been upgraded with STARTTLS when the message came. */
  readonly secure: boolean;
}

/** A real SMTP server that offers STARTTLS (or not), and what it received. */
async function smtpServer(options: { starttls: boolean; key: string; cert: string }) {
  const received: Received[] = [];
  const server = await startTestSmtp({
    ...(options.starttls ? { tls: options } : {}),
    onMessage: (_message, session) => {
      received.push({ to: session.envelope.rcptTo[0]?.address ?? '', secure: session.secure });
    },
  });
  return Object.assign(server, { received });
}

const mail = (to: string): OutgoingMail => ({
  key: `test:${to}`,
  from: { name: 'Studio', address: 'no-reply@studio.test' },
  to,
  subject: 'Hello',
  html: '<p>Hello</p>',
  text: 'Hello',
  headers: {},
});

async function send(url: URL, tls: SmtpTls, to: string): Promise<void> {
  const mailer = new SmtpMailer(url, tls);
  try {
    await mailer.send(mail(to));
  } finally {
    mailer.close();
  }
}

describe('SMTP with STARTTLS (MAIL_TLS)', () => {
  const { key, cert } = selfSignedCertificate();
  const servers: { close(): Promise<void> }[] = [];
  const start = async (starttls: boolean) => {
    const server = await smtpServer({ starttls, key, cert });
    servers.push(server);
    return server;
  };
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  it('upgrades with STARTTLS whenever the server offers it, by default, a self-signed certificate too', async () => {
    const server = await start(true);
    await send(server.url, { tls: 'auto' }, 'a@x.io');
    expect(server.received).toEqual([{ to: 'a@x.io', secure: true }]);
  });

  it('still sends in the clear by default to a server that cannot encrypt', async () => {
    const server = await start(false);
    await send(server.url, { tls: 'auto' }, 'b@x.io');
    expect(server.received).toEqual([{ to: 'b@x.io', secure: false }]);
  });

  it('with MAIL_TLS=required, refuses a server without STARTTLS and sends nothing', async () => {
    const server = await start(false);
    await expect(send(server.url, { tls: 'required' }, 'c@x.io')).rejects.toThrow();
    expect(server.received).toEqual([]);
  });

  it('with MAIL_TLS=required, checks the certificate: refused unless its CA is trusted (MAIL_TLS_CA)', async () => {
    const server = await start(true);
    await expect(send(server.url, { tls: 'required' }, 'd@x.io')).rejects.toThrow(/certificate/i);
    expect(server.received).toEqual([]);
    await send(server.url, { tls: 'required', ca: cert }, 'e@x.io');
    expect(server.received).toEqual([{ to: 'e@x.io', secure: true }]);
  });

  it('with MAIL_TLS=off, never upgrades', async () => {
    const server = await start(true);
    await send(server.url, { tls: 'off' }, 'f@x.io');
    expect(server.received).toEqual([{ to: 'f@x.io', secure: false }]);
  });
});
