import { setTimeout as delay } from 'node:timers/promises';
import type {
  AllStreamSubscription,
  AppendStreamRequest,
  AppendStreamState,
  Filter,
  KurrentDBClient,
  RecordedEvent as KurrentRecord,
} from '@kurrent/kurrentdb-client';
import type * as KurrentModule from '@kurrent/kurrentdb-client';
import {
  ReservationTakenError,
  START,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllPage,
  type RecordedEvent,
} from '../event-store.port';
import { EventStoreUnreachableError } from '../event-store-unreachable.error';
import { comparePositions } from '../global-position';
import { isStreamNotFound, toPortError } from './kurrent-errors';
import { toEventData, toRecordedEvent } from './kurrent-events';
import { fromKurrentPosition, toKurrentPosition } from './kurrent-position';
import { planReservations, reservationStateOf, type ReservationState } from './kurrent-reservations';
import { KurrentStreamNames } from './kurrent-stream-names';
import { parseKurrentUrl } from './kurrent-url';

const DEFAULT_PAGE_SIZE = 500;
/** A reservation stream changed between our read and our append: read again and retry, this many times. */
const RESERVATION_ATTEMPTS = 3;
const RESUBSCRIBE_MS = 1_000;
const PROBE_MS = 5_000;
/** Reads go to the leader, so a read right after an append sees it. */
const ON_LEADER = { requiresLeader: true } as const;

/** The client library, loaded only by a store that uses it: gRPC and a native bridge cost ~175 ms to load. */
type Kurrent = typeof KurrentModule;

/**
 * The event store on KurrentDB (docs/adr/0006-kurrentdb-event-store.md): a stream per event stream under the
 * store's namespace, `$all` as the global order, reservations as streams of their own appended atomically with
 * the events (multi-stream append, KurrentDB 25.1+).
 */
export class KurrentEventStore implements EventStore {
  private readonly names: KurrentStreamNames;
  private readonly filter: Filter;

  private constructor(
    private readonly kurrent: Kurrent,
    private readonly client: KurrentDBClient,
    namespace: string,
  ) {
    this.names = new KurrentStreamNames(namespace);
    this.filter = kurrent.streamNameFilter({ prefixes: [this.names.eventPrefix] });
  }

  /** Connects and asks the server for one event, so a wrong URL or a server that is down fails the start. */
  static async connect(url: string, namespace: string): Promise<KurrentEventStore> {
    const { connectionString, endpoint } = parseKurrentUrl(url);
    const kurrent = await import('@kurrent/kurrentdb-client');
    const client = kurrent.KurrentDBClient.connectionString(connectionString);
    const store = new KurrentEventStore(kurrent, client, namespace);
    try {
      await Promise.race([
        store.head(),
        delay(PROBE_MS, undefined, { ref: false }).then(() => {
          throw new Error(`no answer in ${PROBE_MS / 1000} s`);
        }),
      ]);
    } catch (error) {
      await store.close();
      throw new EventStoreUnreachableError(
        'KurrentDB',
        endpoint,
        error instanceof Error ? error.message : String(error),
      );
    }
    return store;
  }

  /** Nothing to create: streams come into being with their first event. */
  async migrate(): Promise<void> {}

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const streamName = this.names.events(streamId);
    const data = events.map(toEventData);
    const expectedState = toStreamState(options.expectedVersion);
    const change = { reserve: options.reserve ?? [], release: options.release ?? [] };
    for (let attempt = 1; ; attempt++) {
      const plan = planReservations(this.names, change, await this.reservationStates(change));
      const context = { streamId, streamName, expected: options.expectedVersion, reservations: plan.keys };
      let revision: bigint;
      try {
        revision =
          plan.requests.length === 0
            ? (await this.client.appendToStream(streamName, data, { streamState: expectedState }))
                .nextExpectedRevision
            : await this.appendAtomically(streamName, data, expectedState, plan.requests);
      } catch (error) {
        const mapped = toPortError(error, context);
        // Planned on a reservation that changed since: plan again on what it is now.
        if (mapped instanceof ReservationTakenError && attempt < RESERVATION_ATTEMPTS) continue;
        throw mapped;
      }
      return { nextExpectedVersion: Number(revision), position: await this.positionOf(streamName, revision) };
    }
  }

  async readStream(
    streamId: string,
    options: { fromVersion?: number } = {},
  ): Promise<readonly RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      const reading = this.client.readStream(this.names.events(streamId), {
        ...ON_LEADER,
        fromRevision: BigInt(options.fromVersion ?? 0),
      });
      for await (const { event } of reading) if (event) events.push(toRecordedEvent(this.names, event));
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
    return events;
  }

  async readAll({ from, limit = DEFAULT_PAGE_SIZE }: ReadAllOptions): Promise<ReadAllPage> {
    const events = await this.readAfter(from, limit);
    return { events, next: events.at(-1)?.position ?? from };
  }

  async reservationOwner(scope: string, key: string): Promise<string | undefined> {
    return (await this.reservationState(this.names.reservation(scope, key))).owner;
  }

  async head(): Promise<GlobalPosition> {
    const reading = this.client.readAll({
      ...ON_LEADER,
      direction: this.kurrent.BACKWARDS,
      fromPosition: this.kurrent.END,
      maxCount: 1,
      filter: this.filter,
    });
    for await (const { event } of reading) if (event) return toRecordedEvent(this.names, event).position;
    return START;
  }

  /** Counts by reading (`$all` has no count): a lag of up to `cap` events crosses the wire, not into memory. */
  async countAfter(from: GlobalPosition, cap: number): Promise<number> {
    let count = 0;
    for await (const _record of this.recordsAfter(from, cap)) count++;
    return count;
  }

  /**
   * A live `$all` subscription from the end, filtered to this store's streams: each event wakes the reader. A
   * dropped subscription wakes it too (it may have missed appends) and is made again.
   */
  async watch(onAppended: () => void): Promise<() => Promise<void>> {
    let stopped = false;
    let subscription: AllStreamSubscription | undefined;
    const subscribe = async (): Promise<void> => {
      const current = this.client.subscribeToAll({ fromPosition: this.kurrent.END, filter: this.filter });
      subscription = current;
      current.on('data', ({ event }) => {
        if (event) onAppended();
      });
      current.on('error', () => {
        if (stopped) return;
        onAppended();
        setTimeout(() => {
          if (!stopped) void subscribe().catch(() => undefined);
        }, RESUBSCRIBE_MS).unref();
      });
      // Appends made after `watch` resolves must wake the reader: wait until the server has the subscription.
      await new Promise<void>((resolve) => {
        current.once('confirmation', () => resolve());
        current.once('error', () => resolve());
        setTimeout(resolve, PROBE_MS).unref();
      });
    };
    await subscribe();
    return async () => {
      stopped = true;
      await subscription?.unsubscribe();
    };
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async readAfter(from: GlobalPosition, limit: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const record of this.recordsAfter(from, limit))
      events.push(toRecordedEvent(this.names, record));
    return events;
  }

  /** Up to `limit` records after `from`. Reading starts at `from` itself, which the server may include: skip it. */
  private async *recordsAfter(from: GlobalPosition, limit: number): AsyncGenerator<KurrentRecord> {
    const reading = this.client.readAll({
      ...ON_LEADER,
      direction: this.kurrent.FORWARDS,
      fromPosition: toKurrentPosition(from) ?? this.kurrent.START,
      maxCount: limit + 1,
      filter: this.filter,
    });
    let given = 0;
    for await (const { event } of reading) {
      if (!event?.position || comparePositions(fromKurrentPosition(event.position), from) <= 0) continue;
      yield event;
      if (++given === limit) return;
    }
  }

  private async appendAtomically(
    streamName: string,
    events: ReturnType<typeof toEventData>[],
    expectedState: AppendStreamState,
    reservations: readonly AppendStreamRequest[],
  ): Promise<bigint> {
    const result = await this.client.multiStreamAppend([
      { streamName, events, expectedState },
      ...reservations,
    ]);
    const written = result.responses.find((response) => response.streamName === streamName);
    if (!written) throw new Error(`multi-stream append answered without stream ${streamName}`);
    return written.revision;
  }

  /**
   * The `$all` position of the event at `revision`, read back: the append's own answer is the transaction's
   * position, which need not be its last event's, and the port promises the last event's.
   */
  private async positionOf(streamName: string, revision: bigint): Promise<GlobalPosition> {
    const reading = this.client.readStream(streamName, { ...ON_LEADER, fromRevision: revision, maxCount: 1 });
    for await (const { event } of reading) if (event) return toRecordedEvent(this.names, event).position;
    throw new Error(`event ${String(revision)} of ${streamName} was appended but cannot be read`);
  }

  private async reservationStates(change: {
    reserve: readonly { scope: string; key: string }[];
    release: readonly { scope: string; key: string }[];
  }): Promise<Map<string, ReservationState>> {
    const streams = [...change.release, ...change.reserve].map(({ scope, key }) =>
      this.names.reservation(scope, key),
    );
    const unique = [...new Set(streams)];
    const states = await Promise.all(unique.map((stream) => this.reservationState(stream)));
    return new Map(unique.map((stream, index) => [stream, states[index] as ReservationState]));
  }

  private async reservationState(stream: string): Promise<ReservationState> {
    let last: KurrentRecord | undefined;
    try {
      const reading = this.client.readStream(stream, {
        ...ON_LEADER,
        direction: this.kurrent.BACKWARDS,
        fromRevision: this.kurrent.END,
        maxCount: 1,
      });
      for await (const { event } of reading) last = event;
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
    return reservationStateOf(last);
  }
}

export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  if (expected === 'no-stream') return 'no_stream';
  if (expected === 'any') return 'any';
  return BigInt(expected);
}
