import type { Envelope, Reply, RequestMeta } from '@studio/contracts';
import { randomUUID } from 'node:crypto';
import { currentCorrelationId } from './correlation';
import { Problem } from '@studio/contracts';

export const envelope = <B>(body: B, meta: Partial<RequestMeta> = {}): Envelope<B> => ({
  meta: {
    correlationId: meta.correlationId ?? currentCorrelationId() ?? randomUUID(),
    ...(meta.actor ? { actor: meta.actor } : {}),
  },
  body,
});

/** Opens a reply: its value, or the refusal it carries thrown as a `Problem`. */
export function unwrapReply<V>(reply: Reply<V>): V {
  if (reply.ok) return reply.value;
  throw new Problem(reply.problem);
}
