import { createServer, type Server } from 'node:http';
import { type ServerResponse } from 'node:http';
import { toProblemDetails } from '@studio/contracts';
import type { Waiting } from './dependency-wait';

function answer(res: ServerResponse, status: number, type: string, body: unknown): void {
  res.writeHead(status, { 'content-type': type, ...(status === 503 ? { 'retry-after': '5' } : {}) });
  res.end(JSON.stringify(body));
}

/**
 * Health while a service waits for its dependencies, before its application exists: live (the process is
 * fine, do not restart it), not ready (and why), and 503 for anything else. Closed once the application is
 * about to listen on the same port.
 */
export async function serveWaitingHealth(
  port: number,
  host: string | undefined,
  waiting: Waiting,
): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const reason = waiting.reason ?? 'starting';
    if (req.url === '/health/live') return answer(res, 200, 'application/json', { status: 'ok' });
    if (req.url === '/health/ready')
      return answer(res, 503, 'application/json', { status: 'starting', reason });
    answer(
      res,
      503,
      'application/problem+json',
      toProblemDetails({ code: 'service-unavailable', detail: reason }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
