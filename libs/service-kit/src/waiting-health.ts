import { createServer, type Server } from 'node:http';
import { toProblemDetails } from '@studio/contracts';
import type { Waiting } from './dependency-wait';
import { answerJson, listenOn } from './plain-http';

const RETRY_AFTER = { 'retry-after': '5' } as const;

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
    if (req.url === '/health/live') return answerJson(res, 200, { status: 'ok' });
    if (req.url === '/health/ready') return answerJson(res, 503, { status: 'starting', reason }, RETRY_AFTER);
    answerJson(res, 503, toProblemDetails({ code: 'service-unavailable', detail: reason }), {
      ...RETRY_AFTER,
      'content-type': 'application/problem+json',
    });
  });
  await listenOn(server, port, host);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
