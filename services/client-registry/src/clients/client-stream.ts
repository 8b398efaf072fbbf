/** How client decisions map onto the event store: stream names, email reservations, event envelopes. */
import { randomUUID } from 'node:crypto';
import type { ActorRef, Actor, ClientRecord, ClientEvent } from '@studio/contracts';
import { type ExistingClientState, toClientView } from '@studio/client-domain';
import type { NewEvent, Reservation } from '@studio/event-store';
import { currentCorrelationId } from '@studio/messaging';

export const clientStream = (clientId: string): string => `client-${clientId}`;
export const staffStream = (staffId: string): string => `staff-${staffId}`;

/** Clients and staff of a studio share one email scope (SPEC §1: unique among clients, leads and staff). */
export const emailScope = (studioId: string): string => `studio:${studioId}:email`;
export const staffOwner = (staffId: string): string => `staff:${staffId}`;

export interface ReservationChanges {
  readonly reserve: Reservation[];
  readonly release: Reservation[];
}

/** The email keys a decision takes and frees; events carry normalised emails, so they are the keys. */
export function reservationsOf(events: readonly ClientEvent[]): ReservationChanges {
  const reserve: Reservation[] = [];
  const release: Reservation[] = [];
  for (const event of events) {
    const { studioId, clientId } = event.data;
    const key = (email: string): Reservation => ({
      scope: emailScope(studioId),
      key: email,
      owner: clientId,
    });
    if (event.type === 'ClientAdded') reserve.push(key(event.data.email));
    if (event.type === 'ClientProfileUpdated' && event.data.changes.email !== undefined) {
      reserve.push(key(event.data.changes.email));
      if (event.data.previousEmail !== undefined) release.push(key(event.data.previousEmail));
    }
  }
  return { reserve, release };
}

export function toNewEvent(event: { readonly type: string; readonly data: unknown }): NewEvent {
  const correlationId = currentCorrelationId();
  return {
    id: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: correlationId ? { correlationId } : {},
  };
}

/** Who the request came from, as events record it; a request without an actor is the system's own. */
export function actorRefOf(actor: Actor | undefined): ActorRef {
  return actor === undefined ? { kind: 'system', id: 'client-registry' } : { kind: actor.kind, id: actor.id };
}

/** The registry does not know delivery (notification does; the projector shows it): always 'pending' here. */
export function toClientDto(state: ExistingClientState): ClientRecord {
  const view = toClientView(state);
  return { ...view, invitation: view.invitation && { ...view.invitation, delivery: 'pending' } };
}
