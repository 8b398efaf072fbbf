import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ConsumeOptions,
  type Consumption,
  DEFAULT_BACKOFF_MS,
  DEFAULT_MAX_DELIVER,
  type DurableBus,
  type DurableHandler,
  type DurableMessage,
} from './durable-bus.port';
import { subjectMatches } from './subject-match';
import { isTransient } from './transient';

interface Registration {
  readonly consumer: string;
  readonly subject: string;
  readonly handler: DurableHandler;
  readonly maxDeliver: number;
  readonly backoffMs: readonly number[];
}

export interface DeadLetter {
  readonly consumer: string;
  readonly message: DurableMessage;
  readonly error: string;
}

/**
 * The embedded mode's durable bus. `publish` resolves only once every matching consumer has handled the
 * message (or dead-lettered it after its redeliveries), so the publisher's checkpoint or outbox row, which
 * it moves only after `publish`, is what makes delivery survive a crash: at-least-once, in order.
 */
export class InProcessBus implements DurableBus {
  private readonly consumers: Registration[] = [];
  readonly deadLetters: DeadLetter[] = [];
  private closed = false;

  constructor(private readonly onDeadLetter: (letter: DeadLetter) => void = () => undefined) {}

  async publish(
    subject: string,
    data: unknown,
    options: { msgId: string; headers?: Record<string, string> },
  ): Promise<void> {
    for (const registration of this.consumers.filter((c) => subjectMatches(c.subject, subject))) {
      await this.deliver(registration, { id: options.msgId, subject, data, headers: options.headers ?? {} });
    }
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
      maxDeliver: options.maxDeliver ?? DEFAULT_MAX_DELIVER,
      backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
    };
    this.consumers.push(registration);
    return {
      stop: async () => {
        this.consumers.splice(this.consumers.indexOf(registration), 1);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.consumers.splice(0);
  }

  private async deliver(
    registration: Registration,
    message: Omit<DurableMessage, 'deliveryCount'>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await registration.handler({
          ...message,
          data: structuredClone(message.data),
          deliveryCount: attempt,
        });
        return;
      } catch (error) {
        if (this.closed) throw error;
        if (attempt >= registration.maxDeliver && !isTransient(error)) {
          const letter = {
            consumer: registration.consumer,
            message: { ...message, deliveryCount: attempt },
            error: String(error),
          };
          this.deadLetters.push(letter);
          this.onDeadLetter(letter);
          return;
        }
        const delays = registration.backoffMs;
        await sleep(delays[Math.min(attempt - 1, delays.length - 1)] ?? 0);
      }
    }
  }
}
