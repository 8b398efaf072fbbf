import { createServer, type Server } from 'node:http';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { problemOf, Problem, toProblemDetails } from '@studio/contracts';
import { MetricsSource } from './metrics-source';
import { answerJson, listenOn } from './plain-http';
import type { OpsPort } from './settings';

const NO_STORE = { 'cache-control': 'no-store' } as const;

/**
 * What the gateway's `/health/ready` answers, on its ops port as on its public one: resolves to the body when
 * every service is ready, rejects (a `Problem`) when not. Provided by the gateway under this token.
 */
export interface ReadinessProbe {
  check(): Promise<unknown>;
}
export const READINESS_PROBE = Symbol('READINESS_PROBE');

/**
 * The gateway's ops port (`OPS_PORT`): `/metrics`, `/health/live` and `/health/ready`, apart from the public
 * API, so metrics (which count every email and sign-in) are never public. A plain server, outside Nest's
 * pipeline: no rate limits, pages or API middleware apply, and nothing else is served.
 */
@Injectable()
export class OpsServer implements OnApplicationShutdown {
  private server: Server | undefined;

  constructor(private readonly metrics: MetricsSource) {}

  /** Resolves to the port it listens on: a preferred one gives way to any free port when it is taken. */
  async listen(port: OpsPort, host: string, readiness?: ReadinessProbe): Promise<number> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/metrics') {
        this.metrics.text().then(
          (text) => res.writeHead(200, { 'content-type': this.metrics.contentType }).end(text),
          () => res.writeHead(500).end(),
        );
      } else if (req.method === 'GET' && path === '/health/live') {
        answerJson(res, 200, { status: 'ok' }, NO_STORE);
      } else if (req.method === 'GET' && path === '/health/ready' && readiness) {
        readiness.check().then(
          (body) => answerJson(res, 200, body, NO_STORE),
          (error: unknown) => {
            const details = toProblemDetails(problemOf(error) ?? Problem.of('service-unavailable').problem);
            answerJson(res, details.status, details, {
              ...NO_STORE,
              'content-type': 'application/problem+json',
            });
          },
        );
      } else res.writeHead(404).end();
    });
    this.server = server;
    if (typeof port === 'number') return listenOn(server, port, host);
    return listenOn(server, port.preferred, host).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
      return listenOn(server, 0, host);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server?.listening) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
