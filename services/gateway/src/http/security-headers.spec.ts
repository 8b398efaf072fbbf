import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { securityHeaders } from './security-headers.config';

/** The headers an app with `securityHeaders(publicUrl)` answers with. */
async function headersFor(publicUrl: string): Promise<Headers> {
  const app = express();
  app.use(securityHeaders(publicUrl));
  app.get('/', (_req, res) => void res.send('ok'));
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return (await fetch(`http://127.0.0.1:${port}/`)).headers;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('security headers', () => {
  it('asks browsers to keep to HTTPS for a year when PUBLIC_URL is https', async () => {
    const headers = await headersFor('https://portal.example.test');
    expect(headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('sends no HSTS when PUBLIC_URL is plain http (a local run)', async () => {
    const headers = await headersFor('http://localhost:3000');
    expect(headers.get('strict-transport-security')).toBeNull();
    expect(headers.get('x-frame-options')).toBe('DENY');
  });
});
