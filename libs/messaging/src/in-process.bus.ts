import {
  type ConsumeOptions,
  type Consumption,
  DEFAULT_BACKOFF_MS,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_DELIVER,
  type DurableBus,
  type DurableHandler,
  type DurableMessage,
  type PublishOptions,
} from './durable-bus.port';
import { deadLetters, reportConsumer } from './bus.metrics';
import { errorMessage } from './error-message';
import { KeyedDispatcher } from './keyed-dispatcher';
import { type RetryPolicy, untilHandled } from './retrying';
import { subjectMatches } from './subject-match';
import type { ConsumerLag } from '@studio/contracts';
import type { DeadLetter } from './dead-letter.store';

interface Registration {
  readonly consumer: string;
  readonly subject: string;
  readonly handler: DurableHandler;
  readonly policy: RetryPolicy;
  readonly lanes: KeyedDispatcher;
  readonly onDeadLetter: ConsumeOptions['onDeadLetter'];
  /** When each message in hand was published: the oldest is how far behind the consumer is. */
  readonly inHand: Map<object, number>;
}

/**
 * The embedded mode's durable bus. `publish` resolves only once every matching consumer has handled the
 * message (or dead-lettered it after its retries), so the publisher's checkpoint or outbox row, which it moves
 * only after `publish`, is what makes delivery survive a crash: at-least-once. Each consumer handles different
 * keys concurrently and one key's messages in the order they were published; one process means one instance
 * of each consumer, so that is the whole ordering guarantee, and a failing message holds only its own key.
 */
export class InProcessBus implements DurableBus {
  private readonly consumers: Registration[] = [];
  private readonly stopping = new AbortController();
  private anonymous = 0;

  constructor(
    private readonly onDeadLetter: (letter: DeadLetter) => Promise<void> | void = () => undefined,
  ) {}

  async publish(subject: string, data: unknown, options: PublishOptions): Promise<void> {
    const message: Omit<DurableMessage, 'deliveryCount'> = {
      id: options.msgId,
      subject,
      data,
      headers: options.headers ?? {},
      ...(options.key === undefined ? {} : { key: options.key }),
      ...(options.sequence === undefined ? {} : { sequence: options.sequence }),
    };
    // Submitted before the first await, so the lanes see messages in the order publish was called.
    const deliveries = this.consumers
      .filter((registration) => subjectMatches(registration.subject, subject))
      .map((registration) =>
        registration.lanes.submit(options.key ?? `#${this.anonymous++}`, () =>
          this.deliver(registration, message),
        ),
      );
    await Promise.all(deliveries);
  }

  async consume(
    consumer: string,
    subject: string,
    handler: DurableHandler,
    options: ConsumeOptions = {},
  ): Promise<Consumption> {
    const registration: Registration = {
      consumer,
      subject,
      handler,
      policy: {
        maxDeliver: options.maxDeliver ?? DEFAULT_MAX_DELIVER,
        backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
      },
      lanes: new KeyedDispatcher(options.concurrency ?? DEFAULT_CONCURRENCY),
      onDeadLetter: options.onDeadLetter,
      inHand: new Map(),
    };
    this.consumers.push(registration);
    // In process nothing waits to be delivered: what is published is in a lane at once.
    const unreport = reportConsumer(consumer, async () => ({
      pending: 0,
      ackPending: registration.lanes.size,
    }));
    return {
      stop: async () => {
        unreport();
        const index = this.consumers.indexOf(registration);
        if (index >= 0) this.consumers.splice(index, 1);
      },
    };
  }

  async standings(prefix: string): Promise<ConsumerLag[]> {
    return this.consumers
      .filter((registration) => registration.consumer.startsWith(prefix))
      .map((registration) => {
        const oldest = Math.min(...registration.inHand.values());
        return {
          consumer: registration.consumer,
          // In process nothing waits to be delivered: what is published is in a lane at once.
          pending: 0,
          inFlight: registration.inHand.size,
          oldestUnprocessedAt: Number.isFinite(oldest) ? new Date(oldest).toISOString() : null,
        };
      });
  }

  async close(): Promise<void> {
    this.stopping.abort();
    this.consumers.splice(0);
  }

  private async deliver(
    registration: Registration,
    message: Omit<DurableMessage, 'deliveryCount'>,
  ): Promise<void> {
    const token = {};
    registration.inHand.set(token, Date.now());
    const outcome = await untilHandled(
      1,
      (deliveryCount) =>
        registration.handler({ ...message, data: structuredClone(message.data), deliveryCount }),
      registration.policy,
      this.stopping.signal,
    ).finally(() => registration.inHand.delete(token));
    // Stopped: the publisher has not moved past the message, so it is delivered again after the restart.
    if (outcome.kind === 'stopped')
      throw new Error(`${registration.consumer}: stopped before handling ${message.id}`);
    if (outcome.kind === 'dead') {
      deadLetters.inc({ consumer: registration.consumer });
      const letter: DeadLetter = {
        consumer: registration.consumer,
        message: { ...message, deliveryCount: outcome.attempts },
        error: errorMessage(outcome.error),
      };
      await registration.onDeadLetter?.(letter);
      await this.onDeadLetter(letter);
    }
  }
}
