import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { MetricsSource } from './metrics-source';

/**
 * The gateway's ops port (`OPS_PORT`): `/metrics` and `/health/live`, apart from the public API, so metrics
 * (which count every email and sign-in) are never public. A plain server, outside Nest's pipeline: no rate
 * limits, pages or API middleware apply, and nothing else is served.
 */
@Injectable()
export class OpsServer implements OnApplicationShutdown {
  private server: Server | undefined;

  constructor(private readonly metrics: MetricsSource) {}

  async listen(port: number, host: string): Promise<number> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/metrics') {
        this.metrics.text().then(
          (text) => res.writeHead(200, { 'content-type': this.metrics.contentType }).end(text),
          () => res.writeHead(500).end(),
        );
      } else if (req.method === 'GET' && path === '/health/live') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      } else res.writeHead(404).end();
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
