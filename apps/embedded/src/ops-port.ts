import { randomBytes, timingSafeEqual } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isOpsSubject, problemOf, type Reply } from '@studio/contracts';
import type { Requester } from '@studio/messaging';

/** Where the embedded process says how its ops port is reached: the CLI reads it from DATA_DIR. */
export const OPS_FILE = 'ops.json';

export interface OpsEndpoint {
  readonly url: string;
  readonly token: string;
  readonly pid: number;
}

export interface OpsPort {
  readonly endpoint: OpsEndpoint;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

/**
 * The embedded mode's way in for operators: the operations the services answer over the bus (`ops.…` and the
 * read models' rebuilds) forwarded onto the in-process hub as the system. Only on loopback, on a port of its
 * own (any free one, apart from `OPS_PORT`'s health and metrics), never the public HTTP port, and only with the
 * token written, readable by this user alone, beside the data in `DATA_DIR/ops.json`.
 *
 * `POST /ops` with `authorization: Bearer <token>` and `{ subject, body, by? }` answers the bus's `Reply`.
 */
export async function openOpsPort(
  hub: Requester,
  options: { port: number; dataDir: string },
): Promise<OpsPort> {
  const token = randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    void answer(hub, token, request).then(({ status, reply }) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint: OpsEndpoint = { url: `http://127.0.0.1:${port}`, token, pid: process.pid };
  const file = path.join(options.dataDir, OPS_FILE);
  writeFileSync(file, `${JSON.stringify(endpoint)}\n`, { mode: 0o600 });
  return {
    endpoint,
    close: async () => {
      rmSync(file, { force: true });
      await close(server);
    },
  };
}

async function answer(
  hub: Requester,
  token: string,
  request: IncomingMessage,
): Promise<{ status: number; reply: Reply<unknown> }> {
  const refuse = (status: number, detail: string) => ({
    status,
    reply: {
      ok: false as const,
      problem: { code: status === 401 ? ('unauthenticated' as const) : ('not-found' as const), detail },
    },
  });
  if (request.method !== 'POST' || request.url !== '/ops') return refuse(404, 'POST /ops only');
  if (!sameToken(request.headers.authorization ?? '', `Bearer ${token}`))
    return refuse(401, 'the token of DATA_DIR/ops.json is required');
  let input: { subject?: unknown; body?: unknown; by?: unknown };
  try {
    input = JSON.parse(await bodyOf(request)) as typeof input;
  } catch {
    return refuse(404, 'expected JSON: { subject, body }');
  }
  const subject = typeof input.subject === 'string' ? input.subject : '';
  if (!isOpsSubject(subject)) return refuse(404, `${subject} is not an operation`);
  const by = typeof input.by === 'string' && input.by !== '' ? input.by : 'operator';
  try {
    const value = await hub.request(subject, input.body ?? {}, { actor: { kind: 'system', id: by } });
    return { status: 200, reply: { ok: true, value } };
  } catch (error) {
    const problem = problemOf(error) ?? { code: 'internal' as const, detail: 'the operation failed' };
    return { status: 200, reply: { ok: false, problem } };
  }
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) request.destroy(new Error('too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
