import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Problem } from '@studio/contracts';
import { Registry } from 'prom-client';
import { MetricsSource } from './metrics-source';
import { OpsServer, type ReadinessProbe } from './ops-server';

const HOST = '127.0.0.1';

/** The ops port: health (the system's readiness too), metrics, and a default port that gives way. */
describe('the ops port', () => {
  let taken: Server;
  let takenPort: number;
  const servers: OpsServer[] = [];
  const opsServer = () => {
    const server = new OpsServer(new MetricsSource(new Registry()));
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, HOST, resolve));
    takenPort = (taken.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.onApplicationShutdown()));
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('takes any free port when the preferred one is held by another process, and only then', async () => {
    const port = await opsServer().listen({ preferred: takenPort }, HOST);
    expect(port).not.toBe(takenPort);
    await expect(opsServer().listen(takenPort, HOST)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it("answers /health/ready with the system's readiness: 200, or 503 problem+json naming who is not ready", async () => {
    let ready = false;
    const probe: ReadinessProbe = {
      check: () =>
        ready
          ? Promise.resolve({ status: 'ok' })
          : Promise.reject(Problem.of('service-unavailable', 'not ready: projector')),
    };
    const port = await opsServer().listen(0, HOST, probe);
    const url = `http://${HOST}:${port}/health/ready`;
    const waiting = await fetch(url);
    expect(waiting.status).toBe(503);
    expect(waiting.headers.get('content-type')).toBe('application/problem+json');
    expect(await waiting.json()).toMatchObject({
      code: 'service-unavailable',
      detail: 'not ready: projector',
    });
    ready = true;
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ok' });
    expect((await fetch(`http://${HOST}:${port}/health/live`)).status).toBe(200);
    expect((await fetch(`http://${HOST}:${port}/metrics`)).status).toBe(200);
  });
});
