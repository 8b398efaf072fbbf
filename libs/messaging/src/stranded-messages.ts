/**
 * Messages a JetStream consumer lost track of. In a work-queue stream a message stays until its consumer
 * acknowledges it, so a message still stored that the consumer neither holds nor will deliver again is work
 * that will never be done. nats-server clusters leave such messages behind after a consumer's leader moves
 * (nats-io/nats-server#6469: v2.9 sends a message before the cluster agreed it was delivered, and the next
 * leader never delivers it again);
 * the bus finds them in the stream and handles them itself (docs/adr/0004-lanes-and-the-stream-gate.md).
 */
import { Logger } from '@nestjs/common';
import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream';
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

/**
 * Which suspects are stranded: those seen on the previous sweep too. A message a clustered stream has not
 * yet removed after its ack (the removal is replicated after the ack) is gone by the next sweep.
 */
export class StrandedSightings {
  private previous = new Set<number>();
  private readonly recovering = new Set<number>();

  /** Takes this sweep's suspects (stream sequences); returns those to recover now. */
  confirm(suspects: readonly number[]): number[] {
    const confirmed = suspects.filter((seq) => this.previous.has(seq) && !this.recovering.has(seq));
    this.previous = new Set(suspects);
    for (const seq of confirmed) this.recovering.add(seq);
    return confirmed;
  }

  /** A recovery ended (handled, or left for a later sweep): the message may be suspected again. */
  settled(seq: number): void {
    this.recovering.delete(seq);
  }
}

/**
 * Every `everyMs`, looks for the consumer's stranded messages in its work-queue stream and hands each to
 * `recover` (which settles it on its key's lane, deleting it from the stream once handled), then looks again.
 * Every replica sweeps: a message two of them recover is handled twice, as a redelivery would be.
 */
export function sweepStranded(
  jsm: JetStreamManager,
  where: { consumer: string; stream: string; durable: string; filter: string },
  everyMs: number,
  recover: (stored: StoredMsg) => Promise<void>,
): { stop(): void } {
  const sightings = new StrandedSightings();
  const sweep = async () => {
    const bound = strandedBound(await jsm.consumers.info(where.stream, where.durable));
    const suspects = new Map<number, StoredMsg>();
    for (let seq = 1; suspects.size < PER_SWEEP;) {
      const stored = await jsm.streams.getMessage(where.stream, nextOf(where.filter, seq));
      if (stored === null || stored.seq > bound) break;
      suspects.set(stored.seq, stored);
      seq = stored.seq + 1;
    }
    for (const seq of sightings.confirm([...suspects.keys()])) {
      strandedMessages.inc({ consumer: where.consumer });
      log.warn(
        `${where.consumer}: JetStream delivered ${where.stream}:${seq} and lost track of it; handling it`,
      );
      void recover(suspects.get(seq) as StoredMsg)
        .catch(() => undefined)
        .finally(() => sightings.settled(seq));
    }
  };
  let sweeping = false;
  let lastFailure = '';
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    void sweep()
      .then(() => (lastFailure = ''))
      // NATS away, or a permission missing: said once, not every sweep; the next sweep looks again.
      .catch((error: unknown) => {
        const failure = errorMessage(error);
        if (failure !== lastFailure)
          log.warn(`${where.consumer}: cannot look for stranded messages: ${failure}`);
        lastFailure = failure;
      })
      .finally(() => (sweeping = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
