/**
 * Durable messaging: at-least-once delivery to named consumers, with bounded redelivery and a dead-letter
 * subject. JetStream in the distributed mode; in process when embedded. Subjects are given without the
 * deployment prefix; adapters add it.
 *
 * Lanes: a consumer handles up to `concurrency` messages at once. Messages that share a `key` (a client's
 * events share their stream id) are handled one at a time, in publish order, by this instance; an `ordered`
 * consumer also keeps that order across all of its instances (replicas), by the messages' `sequence`.
 */
import type { ConsumerLag } from '@studio/contracts';
import type { DeadLetter } from './dead-letter.store';

export interface DurableMessage {
  readonly id: string;
  readonly subject: string;
  readonly data: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
  /** The ordering key the publisher gave (an event's stream id), if any. */
  readonly key?: string;
  /** The message's place in its key's sequence, from 0 (an event's stream version), if given. */
  readonly sequence?: number;
}

export type DurableHandler = (message: DurableMessage) => Promise<void>;

export interface PublishOptions {
  /** De-duplicates: the same id published twice is stored (or handled) once. */
  readonly msgId: string;
  readonly headers?: Record<string, string>;
  readonly key?: string;
  readonly sequence?: number;
  /** The subject is another system's (e.g. the checkout's): used as is, without the deployment prefix. */
  readonly external?: boolean;
}

export interface ConsumeOptions {
  /**
   * Deliveries before a message whose handler keeps failing goes to the dead-letter subject. Transient
   * failures (`isTransient`: a service or the database unreachable) are retried without limit instead.
   */
  readonly maxDeliver?: number;
  /** Delay before each retry, by attempt; the last one repeats. */
  readonly backoffMs?: readonly number[];
  /** Messages of different keys handled at once by this instance (default 32). */
  readonly concurrency?: number;
  /**
   * Handle each key's messages strictly in `sequence` order (0, 1, 2, …) across every instance of this
   * consumer: a repeat is skipped, and one that arrives before its predecessor was handled waits for it.
   * Every message must carry `key` and `sequence`, and the consumer must take all of a key's messages.
   */
  readonly ordered?: boolean;
  /**
   * The subject is another system's, used as is (no deployment prefix); on JetStream its stream is the one
   * that already holds the subject, or one made for it at start-up and never deleted.
   */
  readonly external?: boolean;
  /**
   * Keeps a message whose deliveries are spent (the service's dead-letter store). Without it the adapter
   * keeps it its own way (JetStream: on `dead.<consumer>`; in process: the bus's callback).
   */
  readonly onDeadLetter?: (letter: DeadLetter) => Promise<void>;
}

export interface DurableBus {
  /** Resolves once the message is stored (JetStream) or handled (in process). */
  publish(subject: string, data: unknown, options: PublishOptions): Promise<void>;
  consume(
    consumer: string,
    subject: string,
    handler: DurableHandler,
    options?: ConsumeOptions,
  ): Promise<Consumption>;
  /** How each consumer this instance runs whose name starts with `prefix` stands: for operators. */
  standings(prefix: string): Promise<ConsumerLag[]>;
  close(): Promise<void>;
}

export interface Consumption {
  stop(): Promise<void>;
}

export const DEFAULT_MAX_DELIVER = 8;
export const DEFAULT_BACKOFF_MS: readonly number[] = [250, 1_000, 5_000, 15_000, 30_000];
export const DEFAULT_CONCURRENCY = 32;
export const deadLetterSubject = (consumer: string): string => `dead.${consumer}`;
export const CORRELATION_HEADER = 'x-correlation-id';
/** Headers that carry a message's ordering key and sequence on the wire. */
export const KEY_HEADER = 'x-order-key';
export const SEQUENCE_HEADER = 'x-order-sequence';
