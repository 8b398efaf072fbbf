import {
  UnavailableError,
  WrongExpectedVersionError as KurrentWrongExpectedVersion,
} from '@kurrent/kurrentdb-client';
import { ReservationTakenError, WrongExpectedVersionError } from '../event-store.port';
import { aReservation } from '../event-store.builders';
import { isStreamNotFound, toPortError } from './kurrent-errors';

const reservation = aReservation();
const attempt = {
  streamId: 'client-1',
  streamName: 'event_store:client-1',
  expected: 3,
  reservations: new Map([['event_store-reservation:abc', reservation]]),
} as const;

/** The error the client raises when the server refuses a stream's revision (as its own code builds it). */
const refused = (streamName: string, current: bigint | 'no_stream') =>
  new KurrentWrongExpectedVersion(undefined, { streamName, expected: 3n, current });

describe("KurrentDB client errors as the port's", () => {
  it('a wrong revision of the event stream is a WrongExpectedVersionError with the actual version', () => {
    const mapped = toPortError(refused('event_store:client-1', 5n), attempt);
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamId: 'client-1', expected: 3, actual: 5 });
  });

  it("a missing event stream is actual 'no-stream'", () => {
    expect(toPortError(refused('event_store:client-1', 'no_stream'), attempt)).toMatchObject({
      actual: 'no-stream',
    });
  });

  it('a wrong revision of a reservation stream is a ReservationTakenError naming the key', () => {
    const mapped = toPortError(refused('event_store-reservation:abc', 0n), attempt);
    expect(mapped).toBeInstanceOf(ReservationTakenError);
    expect(mapped).toMatchObject({ scope: reservation.scope, key: reservation.key });
  });

  it('anything else passes unchanged', () => {
    const stranger = refused('elsewhere', 1n);
    expect(toPortError(stranger, attempt)).toBe(stranger);
    const plain = new Error('boom');
    expect(toPortError(plain, attempt)).toBe(plain);
    const down = new UnavailableError();
    expect(toPortError(down, attempt)).toBe(down);
  });

  it('knows a missing stream by the error type', () => {
    expect(isStreamNotFound(Object.assign(new Error('x'), { type: 'stream-not-found' }))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
  });
});
