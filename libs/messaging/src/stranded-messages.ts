/**
 * Messages a JetStream consumer lost track of. In a work-queue stream a message stays until its consumer
 * acknowledges it, so a message still stored that the consumer neither holds nor will deliver again is work
 * that will never be done. nats-server clusters leave such messages behind after a consumer's leader moves
 * (nats-io/nats-server#6469: v2.9 records a delivery without quorum, the next leader never redelivers it);
 * the bus finds them in the stream and handles them itself (docs/adr/0004-lanes-and-the-stream-gate.md).
 */

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
