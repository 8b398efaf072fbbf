import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { type Actor, Problem, type Reply } from '@studio/contracts';
import { NatsRequester, serviceUnavailable } from '@studio/messaging';
import { natsEndpoint, readSettings } from '@studio/service-kit';

export { SettingsError } from '@studio/service-kit';

// Nest's NATS client logs its connection's life on stdout, which is the command's result here.
Logger.overrideLogger(false);

/** How the CLI reaches a running system: its operations, asked as the system on the operator's behalf. */
export interface OpsConnection {
  readonly mode: 'services' | 'embedded';
  request<V>(subject: string, body?: unknown): Promise<V>;
  close(): Promise<void>;
}

/** Long enough for a redrive of every dead letter or a sweep of many expiries. */
const TIMEOUT_MS = 120_000;

/**
 * Separate processes (NATS_URL set): over NATS, under BUS_PREFIX. Embedded: over the process's ops port on
 * loopback, found in DATA_DIR/ops.json (or OPS_URL and OPS_TOKEN).
 */
export function connect(env: NodeJS.ProcessEnv = process.env): OpsConnection {
  const settings = readSettings(env);
  const by = `operator:${env.OPS_OPERATOR || safeUser()}`;
  if (settings.natsUrl !== undefined) {
    const requester = new NatsRequester(natsEndpoint(settings, 'ops'), settings.busPrefix, TIMEOUT_MS);
    const actor: Actor = { kind: 'system', id: by };
    return {
      mode: 'services',
      request: (subject, body = {}) => requester.request(subject, body, { actor }),
      close: () => requester.close(),
    };
  }
  const endpoint = embeddedEndpoint(env, settings.dataDir);
  return {
    mode: 'embedded',
    request: async <V>(subject: string, body: unknown = {}) => {
      const answer = await fetch(`${endpoint.url}/ops`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.token}` },
        body: JSON.stringify({ subject, body, by }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }).catch(() => {
        throw serviceUnavailable(`the embedded system at ${endpoint.url}`);
      });
      const reply = (await answer.json()) as Reply<V>;
      if (reply.ok) return reply.value;
      throw new Problem(reply.problem);
    },
    close: async () => undefined,
  };
}

function embeddedEndpoint(env: NodeJS.ProcessEnv, dataDir: string): { url: string; token: string } {
  if (env.OPS_URL) return { url: env.OPS_URL.replace(/\/+$/, ''), token: env.OPS_TOKEN ?? '' };
  const file = path.resolve(dataDir, 'ops.json');
  try {
    const found = JSON.parse(readFileSync(file, 'utf8')) as { url?: unknown; token?: unknown };
    if (typeof found.url === 'string' && typeof found.token === 'string')
      return { url: found.url, token: found.token };
  } catch {
    // Said below.
  }
  throw new Problem({
    code: 'service-unavailable',
    detail: `no running embedded system found: ${file} is missing (start it with npm start and the same DATA_DIR, or set NATS_URL for separate processes)`,
  });
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
