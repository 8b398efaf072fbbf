import { randomUUID } from 'node:crypto';
import type {
  AppendStreamRequest,
  JSONEventData,
  RecordedEvent as KurrentRecord,
} from '@kurrent/kurrentdb-client';
import { ReservationTakenError, type Reservation } from '../event-store.port';
import { type KurrentStreamNames } from './kurrent-stream-names';

/**
 * A reservation is a stream of its own (see KurrentStreamNames): `KeyReserved` and `KeyReleased` events, the last
 * one says who holds the key. Its revision is the lock: each change is appended with the revision it was planned
 * on, in the same atomic multi-stream append as the owner's events.
 */
export const KEY_RESERVED = 'KeyReserved';
export const KEY_RELEASED = 'KeyReleased';

export interface ReservationState {
  /** The reservation stream's last revision; undefined when it does not exist. */
  readonly revision: bigint | undefined;
  readonly owner: string | undefined;
}

export const NO_RESERVATION: ReservationState = { revision: undefined, owner: undefined };

export function reservationStateOf(last: KurrentRecord | undefined): ReservationState {
  if (!last) return NO_RESERVATION;
  const owner =
    last.type === KEY_RESERVED && last.isJson ? (last.data as { owner?: unknown }).owner : undefined;
  return { revision: last.revision, owner: typeof owner === 'string' ? owner : undefined };
}

export interface ReservationPlan {
  /** One request per reservation stream that changes; none when every key is already as asked. */
  readonly requests: readonly AppendStreamRequest[];
  /** Which key each reservation stream holds, to name it when the server refuses the stream's revision. */
  readonly keys: ReadonlyMap<string, Reservation>;
}

/**
 * What to append to the reservation streams, from their states as read: releases first (only the owner's), then
 * reserves (a key held by the same owner is left as it is; by another, the whole append is refused here).
 */
export function planReservations(
  names: KurrentStreamNames,
  change: { readonly reserve: readonly Reservation[]; readonly release: readonly Reservation[] },
  states: ReadonlyMap<string, ReservationState>,
): ReservationPlan {
  const owners = new Map<string, string | undefined>();
  const events = new Map<string, JSONEventData[]>();
  const keys = new Map<string, Reservation>();
  const ownerOf = (stream: string) => (owners.has(stream) ? owners.get(stream) : states.get(stream)?.owner);
  const add = (stream: string, reservation: Reservation, type: string, owner: string | undefined) => {
    const data = { scope: reservation.scope, owner: reservation.owner };
    const event: JSONEventData = {
      id: randomUUID(),
      contentType: 'application/json',
      type,
      data,
      metadata: {},
    };
    events.set(stream, [...(events.get(stream) ?? []), event]);
    owners.set(stream, owner);
    keys.set(stream, reservation);
  };
  for (const reservation of change.release) {
    const stream = names.reservation(reservation.scope, reservation.key);
    if (ownerOf(stream) === reservation.owner) add(stream, reservation, KEY_RELEASED, undefined);
  }
  for (const reservation of change.reserve) {
    const stream = names.reservation(reservation.scope, reservation.key);
    const owner = ownerOf(stream);
    if (owner === reservation.owner) continue;
    if (owner !== undefined) throw new ReservationTakenError(reservation.scope, reservation.key);
    add(stream, reservation, KEY_RESERVED, reservation.owner);
  }
  const requests = [...events].map(([streamName, appended]) => ({
    streamName,
    events: appended,
    expectedState: states.get(streamName)?.revision ?? ('no_stream' as const),
  }));
  return { requests, keys };
}
