import type { WrongExpectedVersionError as KurrentWrongExpectedVersion } from '@kurrent/kurrentdb-client';
import {
  ReservationTakenError,
  WrongExpectedVersionError,
  type ExpectedVersion,
  type Reservation,
} from '../event-store.port';

export interface AppendAttempt {
  readonly streamId: string;
  /** The event stream's name on the server. */
  readonly streamName: string;
  readonly expected: ExpectedVersion;
  /** The reservation streams written in the same append, and the key each holds. */
  readonly reservations: ReadonlyMap<string, Reservation>;
}

/**
 * The client's refusals as the port's errors: a wrong revision on the event stream is a WrongExpectedVersionError,
 * on a reservation stream (another writer changed the key since it was read) a ReservationTakenError. Anything
 * else (unavailable, access denied, …) is returned as it is.
 */
export function toPortError(error: unknown, attempt: AppendAttempt): unknown {
  if (!isWrongExpectedVersion(error)) return error;
  if (error.streamName === attempt.streamName) {
    const actual = error.actualState === 'no_stream' ? 'no-stream' : Number(error.actualState);
    return new WrongExpectedVersionError(attempt.streamId, attempt.expected, actual);
  }
  const reservation = attempt.reservations.get(error.streamName);
  return reservation ? new ReservationTakenError(reservation.scope, reservation.key) : error;
}

/** By the client's error type, not its class: the client is loaded lazily, and these stay checkable without it. */
function isWrongExpectedVersion(error: unknown): error is KurrentWrongExpectedVersion {
  return (
    typeOf(error) === 'wrong-expected-version' &&
    typeof (error as { streamName?: unknown }).streamName === 'string'
  );
}

export function isStreamNotFound(error: unknown): boolean {
  return typeOf(error) === 'stream-not-found';
}

const typeOf = (error: unknown): unknown =>
  error instanceof Error ? (error as Error & { type?: unknown }).type : undefined;
