/** How project decisions map onto the event store: the stream name, the envelopes, the actor. */
import { randomUUID } from 'node:crypto';
import { type Actor, type ActorRef, isProjectEvent, type ProjectEvent } from '@studio/contracts';
import type { NewEvent } from '@studio/event-store';
import { currentCorrelationId } from '@studio/messaging';

export const PROJECT_STREAM_PREFIX = 'project-';
export const projectStream = (projectId: string): string => `${PROJECT_STREAM_PREFIX}${projectId}`;

export function toNewEvent(event: ProjectEvent): NewEvent {
  const correlationId = currentCorrelationId();
  return {
    id: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: correlationId ? { correlationId } : {},
  };
}

/** A stored or published event of a project stream, as the decider's event; anything else is not one. */
export function projectEventOf(stored: {
  readonly streamId: string;
  readonly type: string;
  readonly data: unknown;
}): ProjectEvent | undefined {
  if (!stored.streamId.startsWith(PROJECT_STREAM_PREFIX)) return undefined;
  const candidate = { type: stored.type, data: stored.data };
  return isProjectEvent(candidate) ? candidate : undefined;
}

/** Who the request came from, as events record it; a request without an actor is the system's own. */
export function actorRefOf(actor: Actor | undefined): ActorRef {
  return actor === undefined ? { kind: 'system', id: 'projects' } : { kind: actor.kind, id: actor.id };
}
