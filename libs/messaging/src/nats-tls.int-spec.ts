import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@studio/testing';
import { JetStreamBus } from './jetstream.bus';
import { isTransient } from './transient';

const NATS_SERVER = process.env.NATS_SERVER ?? '/usr/sbin/nats-server';

/** A CA of the test's own, and a certificate it signed for 127.0.0.1. */
function certificates(dir: string): { ca: string; cert: string; key: string } {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=test-ca',
  );
  openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '1',
    '-extfile',
    file('san.ext'),
  );
  return { ca: file('ca.pem'), cert: file('server.pem'), key: file('server.key') };
}

async function natsServer(args: string[]): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), ...args], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, child };
}

describe('NATS over TLS (NATS_URL tls://, NATS_TLS_CA)', () => {
  let dir: string;
  let tls: { port: number; child: ChildProcess };
  let plain: { port: number; child: ChildProcess };
  let ca: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'nats-tls-'));
    const files = certificates(dir);
    ca = files.ca;
    tls = await natsServer([
      '-js',
      '-sd',
      path.join(dir, 'js'),
      '--tls',
      '--tlscert',
      files.cert,
      '--tlskey',
      files.key,
    ]);
    plain = await natsServer([]);
  });
  afterAll(() => {
    tls?.child.kill();
    plain?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects to a server whose certificate the given CA signed', async () => {
    const bus = await JetStreamBus.connect(
      { url: `tls://127.0.0.1:${tls.port}`, tlsCa: ca },
      'tls_test',
      'tls-test',
    );
    await bus.publish('events.client.Tested', { ok: true }, { msgId: 'tls-1' });
    await bus.close();
  });

  it('refuses, at once and for good, a server it cannot trust or one without TLS', async () => {
    const untrusted = JetStreamBus.connect({ url: `tls://127.0.0.1:${tls.port}` }, 'tls_test', 'tls-test');
    await expect(untrusted).rejects.toThrow(/certificate/);
    expect(isTransient(await untrusted.catch((error: unknown) => error))).toBe(false);
    const withoutTls = JetStreamBus.connect(
      { url: `tls://127.0.0.1:${plain.port}`, tlsCa: ca },
      'tls_test',
      'tls-test',
    );
    await expect(withoutTls).rejects.toThrow(/tls/);
    expect(isTransient(await withoutTls.catch((error: unknown) => error))).toBe(false);
  });
});
