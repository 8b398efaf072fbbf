/**
 * The event-store port: streams of events with optimistic concurrency, and one global, gap-free order
 * that subscribers read from a checkpoint. Adapters: PostgreSQL (`pg`), PGlite; later EventStoreDB.
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

/**
 * A consumer's checkpoint, written in the same transaction as the consumer's own writes.
 * `tx` runs SQL on that transaction (adapters over SQL stores); others may ignore it.
 */
export interface CheckpointTx {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

export type SubscriptionHandler = (event: RecordedEvent, tx: CheckpointTx) => Promise<void>;

export interface SubscribeOptions {
  /** The consumer's name: its checkpoint is stored under it. */
  readonly consumer: string;
  readonly batchSize?: number;
  /** Polling fallback when no notification arrives. */
  readonly pollIntervalMs?: number;
  /** Told of each failure the subscriber retries (a handler's throw, a lost connection), e.g. to log it. */
  readonly onError?: (error: unknown, event?: RecordedEvent) => void;
}

export interface Subscription {
  /** Resolves when the subscriber has caught up with everything committed when it started. */
  readonly caughtUp: Promise<void>;
  stop(): Promise<void>;
}

export interface EventStore {
  /** Creates or updates the schema; safe to run twice and from two processes at once. */
  migrate(): Promise<void>;
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: { fromVersion?: number }): Promise<readonly RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<ReadAllPage>;
  /** Who holds a reserved key, if anyone. */
  reservationOwner(scope: string, key: string): Promise<string | undefined>;
  /**
   * Delivers every event after the consumer's stored checkpoint, in global order, and for each one runs the
   * handler and stores the new checkpoint in one transaction: a crash neither skips nor repeats an effect.
   */
  subscribe(handler: SubscriptionHandler, options: SubscribeOptions): Subscription;
  checkpoint(consumer: string): Promise<GlobalPosition>;
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
