import type { RecordedEvent as KurrentRecord } from '@kurrent/kurrentdb-client';
import { ReservationTakenError } from '../event-store.port';
import { aReservation } from '../event-store.builders';
import {
  KEY_RELEASED,
  KEY_RESERVED,
  NO_RESERVATION,
  planReservations,
  reservationStateOf,
  type ReservationState,
} from './kurrent-reservations';
import { KurrentStreamNames } from './kurrent-stream-names';

const names = new KurrentStreamNames('event_store');
const streamOf = (reservation: { scope: string; key: string }) =>
  names.reservation(reservation.scope, reservation.key);
const held = (owner: string, revision = 0n): ReservationState => ({ owner, revision });
const none = { reserve: [], release: [] };

describe('KurrentDB reservations', () => {
  it('take a free key with a no-stream expectation, or at the revision where it was released', () => {
    const fresh = aReservation();
    const released = aReservation();
    const plan = planReservations(
      names,
      { ...none, reserve: [fresh, released] },
      new Map([[streamOf(released), { owner: undefined, revision: 3n }]]),
    );
    expect(plan.requests).toEqual([
      {
        streamName: streamOf(fresh),
        expectedState: 'no_stream',
        events: [
          expect.objectContaining({ type: KEY_RESERVED, data: { scope: fresh.scope, owner: fresh.owner } }),
        ],
      },
      expect.objectContaining({ streamName: streamOf(released), expectedState: 3n }),
    ]);
    expect(plan.keys.get(streamOf(fresh))).toBe(fresh);
  });

  it('leave a key its owner already holds as it is, and refuse one another owner holds', () => {
    const key = aReservation();
    const mine = new Map([[streamOf(key), held(key.owner)]]);
    expect(planReservations(names, { ...none, reserve: [key] }, mine).requests).toEqual([]);
    const theirs = new Map([[streamOf(key), held('someone-else')]]);
    expect(() => planReservations(names, { ...none, reserve: [key] }, theirs)).toThrow(ReservationTakenError);
  });

  it("release only the owner's key, at its revision", () => {
    const key = aReservation();
    const plan = planReservations(
      names,
      { ...none, release: [key] },
      new Map([[streamOf(key), held(key.owner, 5n)]]),
    );
    expect(plan.requests).toEqual([
      expect.objectContaining({
        expectedState: 5n,
        events: [expect.objectContaining({ type: KEY_RELEASED })],
      }),
    ]);
    const other = new Map([[streamOf(key), held('someone-else')]]);
    expect(planReservations(names, { ...none, release: [key] }, other).requests).toEqual([]);
  });

  it('release before reserving, so one append can hand a key over', () => {
    const key = aReservation();
    const plan = planReservations(
      names,
      { release: [key], reserve: [{ ...key, owner: key.owner }] },
      new Map([[streamOf(key), held(key.owner, 1n)]]),
    );
    expect(plan.requests[0]?.events.map((event) => event.type)).toEqual([KEY_RELEASED, KEY_RESERVED]);
  });

  it('refuse a second owner of one key in the same append', () => {
    const key = aReservation();
    expect(() =>
      planReservations(names, { ...none, reserve: [key, { ...key, owner: 'other' }] }, new Map()),
    ).toThrow(ReservationTakenError);
  });

  it('read who holds a key from the last event of its stream', () => {
    const last = (type: string, owner: string) =>
      ({ type, isJson: true, revision: 2n, data: { scope: 's', owner } }) as unknown as KurrentRecord;
    expect(reservationStateOf(undefined)).toEqual(NO_RESERVATION);
    expect(reservationStateOf(last(KEY_RESERVED, 'client-1'))).toEqual({ owner: 'client-1', revision: 2n });
    expect(reservationStateOf(last(KEY_RELEASED, 'client-1'))).toEqual({ owner: undefined, revision: 2n });
  });
});
