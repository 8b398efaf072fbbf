/**
 * Durable messaging: at-least-once delivery to named consumers, in publish order, with bounded redelivery
 * and a dead-letter subject. JetStream in the distributed mode; in process when embedded.
 * Subjects are given without the deployment prefix; adapters add it.
 */
export interface DurableMessage {
  readonly id: string;
  readonly subject: string;
  readonly data: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
}

export type DurableHandler = (message: DurableMessage) => Promise<void>;

export interface ConsumeOptions {
  /**
   * Deliveries before a message whose handler keeps failing goes to the dead-letter subject. Transient
   * failures (`isTransient`: a service or the database unreachable) are retried without limit instead.
   */
  readonly maxDeliver?: number;
  /** Delay before each redelivery, by attempt; the last one repeats. */
  readonly backoffMs?: readonly number[];
}

export interface DurableBus {
  /** Resolves once the message is stored (JetStream) or handled (in process). `msgId` de-duplicates. */
  publish(
    subject: string,
    data: unknown,
    options: { msgId: string; headers?: Record<string, string> },
  ): Promise<void>;
  consume(
    consumer: string,
    subject: string,
    handler: DurableHandler,
    options?: ConsumeOptions,
  ): Promise<Consumption>;
  close(): Promise<void>;
}

export interface Consumption {
  stop(): Promise<void>;
}

export const DEFAULT_MAX_DELIVER = 8;
export const DEFAULT_BACKOFF_MS: readonly number[] = [250, 1_000, 5_000, 15_000, 30_000];
export const deadLetterSubject = (consumer: string): string => `dead.${consumer}`;
export const CORRELATION_HEADER = 'x-correlation-id';
