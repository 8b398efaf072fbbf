/**
 * The event-store port: streams of events with optimistic concurrency, and one global, gap-free order that a
 * reader follows from a position it keeps (`readAll`), woken by `watch`. Adapters: PostgreSQL and PGlite (one
 * SQL adapter over @studio/sql), and KurrentDB (kurrent/, docs/adr/0006-kurrentdb-event-store.md).
 */

/** What a writer hands in. `id` is the event's unique id (used downstream for de-duplication). */
export interface NewEvent<T extends string = string, D = unknown> {
  readonly id: string;
  readonly type: T;
  readonly data: D;
  readonly metadata?: EventMetadata;
}

export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly [key: string]: unknown;
}

/** An event as stored. `position` orders all events of the store; `streamVersion` counts from 0 per stream. */
export interface RecordedEvent<T extends string = string, D = unknown> extends NewEvent<T, D> {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly position: GlobalPosition;
  readonly recordedAt: Date;
  readonly metadata: EventMetadata;
}

/**
 * Where a subscriber stands in the global order. Opaque to callers: store it and hand it back.
 * On PostgreSQL it is (transaction id, sequence), see docs/adr/0001-event-store-ordering.md.
 */
export type GlobalPosition = string;
export const START: GlobalPosition = '0';

/** 'no-stream': the stream must not exist; 'any': no check; a number: the stream's current version (last event's). */
export type ExpectedVersion = 'no-stream' | 'any' | number;

/** A unique key (e.g. a studio's email) taken or released in the same transaction as the append. */
export interface Reservation {
  readonly scope: string;
  readonly key: string;
  readonly owner: string;
}

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
  readonly reserve?: readonly Reservation[];
  readonly release?: readonly Reservation[];
}

export interface AppendResult {
  /** The stream's version after the append (the last appended event's streamVersion). */
  readonly nextExpectedVersion: number;
  readonly position: GlobalPosition;
}

export interface ReadAllOptions {
  readonly from: GlobalPosition;
  readonly limit?: number;
}

export interface ReadAllPage {
  readonly events: readonly RecordedEvent[];
  /** Hand this back as `from` for the next page; equals `from` when nothing was ready. */
  readonly next: GlobalPosition;
}

export interface EventStore {
  /** Creates or updates the schema; safe to run twice and from two processes at once. */
  migrate(): Promise<void>;
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: { fromVersion?: number }): Promise<readonly RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<ReadAllPage>;
  /** Who holds a reserved key, if anyone. */
  reservationOwner(scope: string, key: string): Promise<string | undefined>;
  /** The last event a reader of `readAll` can see now (START when none). */
  head(): Promise<GlobalPosition>;
  /** How many events `readAll` would give after `from`, counting up to `cap` (a reader's lag, for operators). */
  countAfter(from: GlobalPosition, cap: number): Promise<number>;
  /**
   * Calls `onAppended` soon after events are appended, by this process or another, so a reader of `readAll`
   * (the bus publisher) needs no polling to keep up; resolves to a function that stops it. A wake-up may be
   * spurious or coalesce several appends; a reader still reads until `readAll` answers nothing new.
   */
  watch(onAppended: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Errors the port raises, by code, so callers map them without knowing the adapter. */
export class WrongExpectedVersionError extends Error {
  readonly code = 'wrong-expected-version';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'no-stream',
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${String(actual)}`);
  }
}

export class ReservationTakenError extends Error {
  readonly code = 'reservation-taken';
  constructor(
    readonly scope: string,
    readonly key: string,
  ) {
    super(`key already reserved in ${scope}`);
  }
}
