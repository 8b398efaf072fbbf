import { type ClientStream, type ClientStreamBody, OpsSubject, Problem } from '@studio/contracts';
import type { OpsConnection } from '../ops-connection';
import { bold, dim, type Output, table } from '../output';

/** A client's events, oldest first: by id, or by email with `--studio <slug>`. */
export async function stream(
  ops: OpsConnection,
  out: Output,
  who: string,
  studioSlug: string | undefined,
): Promise<number> {
  const byEmail = who.includes('@');
  if (byEmail && studioSlug === undefined)
    throw Problem.of('validation-failed', 'an email needs the studio: --studio <slug>');
  const body: ClientStreamBody = byEmail ? { email: who, studioSlug: studioSlug! } : { clientId: who };
  const found = await ops.request<ClientStream>(OpsSubject.clientStream, body);
  out.result(found, (value) => [
    `${bold(`client ${value.clientId}`, out.tty)} of studio ${value.studioId ?? '?'}: ${value.events.length} events`,
    ...table(
      ['version', 'recorded at', 'type', 'actor', 'correlation id', 'data'],
      value.events.map((event) => [
        String(event.version),
        event.recordedAt,
        event.type,
        event.actor ?? '-',
        event.correlationId ?? '-',
        dim(JSON.stringify(withoutIds(event.data)), out.tty),
      ]),
    ),
  ]);
  return 0;
}

/** The ids every line already names. */
function withoutIds(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const { studioId: _studio, clientId: _client, by: _by, ...rest } = data as Record<string, unknown>;
  return rest;
}
