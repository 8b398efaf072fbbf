/**
 * Messages a JetStream consumer lost track of. In a work-queue stream a message stays until its consumer
 * acknowledges it, so a message still stored that the consumer neither holds nor will deliver again is work
 * that will never be done. nats-server clusters leave such messages behind after a consumer's leader moves
 * (nats-io/nats-server#6469: v2.9 sends a message before the cluster agreed it was delivered, and the next
 * leader never delivers it again);
 * the bus finds them in the stream and handles them itself (docs/adr/0004-lanes-and-the-stream-gate.md).
 */
import { Logger } from '@nestjs/common';
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  type StoredMsg,
} from '@nats-io/jetstream';
import { strandedMessages } from './bus.metrics';
import { errorMessage } from './error-message';

/** Stranded messages one sweep takes up at most; the next sweep takes the rest. */
const PER_SWEEP = 100;
const log = new Logger('StrandedMessages');

/** The query for the next message of `filter` at or after `seq`. */
export function nextOf(filter: string, seq: number): { seq: number } {
  // nats-server answers `next_by_subj` (2.9+); the client's type knows only `seq` and `last_by_subj`.
  return { seq, next_by_subj: filter } as unknown as { seq: number };
}

/** The first stored messages of `filter` (up to `limit`), at or below stream sequence `upTo`. */
export async function firstStored(
  jsm: JetStreamManager,
  stream: string,
  filter: string,
  { limit, upTo = Infinity }: { limit: number; upTo?: number },
): Promise<StoredMsg[]> {
  const found: StoredMsg[] = [];
  for (let seq = 1; found.length < limit;) {
    const stored = await jsm.streams.getMessage(stream, nextOf(filter, seq));
    if (stored === null || stored.seq > upTo) break;
    found.push(stored);
    seq = stored.seq + 1;
  }
  return found;
}

/** What the sweep reads of a consumer's info. */
export interface ConsumerPosition {
  readonly num_ack_pending: number;
  readonly delivered: { readonly stream_seq: number };
  readonly ack_floor: { readonly stream_seq: number };
}

/**
 * The highest stream sequence at or below which a stored message of the consumer's is stranded: everything
 * at or below the ack floor counts as acknowledged, and with nothing in flight, everything delivered does.
 */
export function strandedBound(position: ConsumerPosition): number {
  return position.num_ack_pending === 0 ? position.delivered.stream_seq : position.ack_floor.stream_seq;
}

/** Sweeps in a row a suspect must be seen in before it counts as stranded. */
const SIGHTINGS = 3;

/**
 * Which suspects are stranded: those seen on the last `SIGHTINGS` sweeps in a row. A message a clustered
 * stream has not yet removed after its ack (each server removes it when its copy of the consumer applies the
 * ack, later on a node catching up) is gone by then.
 */
export class StrandedSightings {
  private seen = new Map<number, number>();
  private readonly recovering = new Set<number>();

  /** Takes this sweep's suspects (stream sequences); returns those to recover now. */
  confirm(suspects: readonly number[]): number[] {
    const seen = new Map(suspects.map((seq) => [seq, (this.seen.get(seq) ?? 0) + 1]));
    this.seen = seen;
    const confirmed = suspects.filter(
      (seq) => (seen.get(seq) ?? 0) >= SIGHTINGS && !this.recovering.has(seq),
    );
    for (const seq of confirmed) this.recovering.add(seq);
    return confirmed;
  }

  /** A recovery ended (handled, or left for a later sweep): the message may be suspected again. */
  settled(seq: number): void {
    this.recovering.delete(seq);
  }
}

/** What the bus does with a stranded message. */
export interface StrandedRecovery {
  /** Settles it on its key's lane like a delivery; true once handled (or dead-lettered), false if left. */
  handle(stored: StoredMsg): Promise<boolean>;
  /** Removes it from its stream, as its ack would have done. */
  remove(seq: number): Promise<void>;
}

/**
 * Every `everyMs`, looks for the consumer's stranded messages in its work-queue stream, handles each and then
 * removes it. One handled but not removed (the delete refused) is only removed on later sweeps, never handled
 * again by this instance. Every replica sweeps, so each may handle a stranded message once: handlers are
 * idempotent (notification's delivery claim sends an email once).
 */
export function sweepStranded(
  jsm: JetStreamManager,
  where: { consumer: string; stream: string; durable: string; filter: string },
  everyMs: number,
  recovery: StrandedRecovery,
): { stop(): Promise<void> } {
  // The series exists from the start, so the first stranded message is an increase an alert sees.
  strandedMessages.inc({ consumer: where.consumer }, 0);
  const sightings = new StrandedSightings();
  const handled = new Set<number>();
  const failures = new Map<string, string>();
  let stopped = false;
  /** Says a failure of `what` once, not on every sweep, and again only once it changed. */
  const fail = (what: string, error: unknown) => {
    const failure = errorMessage(error);
    if (!stopped && failures.get(what) !== failure) log.warn(`${where.consumer}: cannot ${what}: ${failure}`);
    failures.set(what, failure);
  };
  const recover = async (stored: StoredMsg) => {
    if (!handled.has(stored.seq)) {
      log.warn(
        `${where.consumer}: JetStream delivered ${where.stream}:${stored.seq} and lost track of it; handling it`,
      );
      if (!(await recovery.handle(stored))) return;
      strandedMessages.inc({ consumer: where.consumer });
      handled.add(stored.seq);
    }
    await recovery.remove(stored.seq).then(
      () => failures.delete('recover stranded messages'),
      (error: unknown) => {
        // Removed meanwhile (another replica recovered it too): what this removal was for.
        const gone = error instanceof JetStreamApiError && error.code === JetStreamApiCodes.NoMessageFound;
        if (!gone) throw error;
      },
    );
    handled.delete(stored.seq);
  };
  const sweep = async () => {
    const bound = strandedBound(await jsm.consumers.info(where.stream, where.durable));
    const found = await firstStored(jsm, where.stream, where.filter, { limit: PER_SWEEP, upTo: bound });
    const suspects = new Map(found.map((stored) => [stored.seq, stored]));
    for (const seq of sightings.confirm([...suspects.keys()])) {
      void Promise.resolve(suspects.get(seq) as StoredMsg)
        .then(recover)
        .catch((error: unknown) => fail('recover stranded messages', error))
        .finally(() => sightings.settled(seq));
    }
  };
  let sweeping: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (sweeping || stopped) return;
    sweeping = sweep()
      .then(
        () => void failures.delete('look for stranded messages'),
        // NATS away, or a permission missing: said once; the next sweep looks again.
        (error: unknown) => fail('look for stranded messages', error),
      )
      .finally(() => (sweeping = undefined));
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await sweeping;
    },
  };
}
