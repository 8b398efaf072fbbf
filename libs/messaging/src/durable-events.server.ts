import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Logger } from '@nestjs/common';
import {
  CORRELATION_HEADER,
  type ConsumeOptions,
  type Consumption,
  type DurableBus,
  type DurableMessage,
} from './durable-bus.port';
import { measured } from './bus.metrics';
import { errorMessage } from './error-message';
import { callHandler } from './handler-call';
import { withCorrelationId } from './correlation';
import { consumerName } from './jetstream.names';
import type { SqlDeadLetterStore } from './dead-letter.store';

/**
 * A Nest transport strategy for durable messages: every `@EventPattern(subject, options?)` handler of the
 * service gets its own durable consumer `<service>.<subject>`, with the `ConsumeOptions` given as the
 * pattern's extras (e.g. `{ ordered: true }` for a stream's events, `{ concurrency: 64 }`). A handler that
 * throws has the message retried with back-off, and dead-lettered once its deliveries are spent; one that
 * resolves acknowledges it. Handlers receive the `DurableMessage` (id, subject, data, headers, key, …).
 */
export class DurableEventsServer extends Server implements CustomTransportStrategy {
  private readonly consumptions: Consumption[] = [];
  private readonly log = new Logger(DurableEventsServer.name);
  /** Each consumer's handler, as the bus calls it: what a redrive calls again. */
  private readonly handlers = new Map<string, (message: DurableMessage) => Promise<void>>();
  private options: ConsumeOptions;
  private subjects: Readonly<Record<string, string>> = {};

  constructor(
    private readonly bus: DurableBus,
    private readonly service: string,
    options: ConsumeOptions = {},
  ) {
    super();
    this.options = options;
  }

  /**
   * Consumes, for the handler of pattern `p`, the subject `subjects[p]` instead (before `listen`): a subject a
   * setting chooses, such as the checkout's. The consumer keeps the pattern's name, whatever the subject.
   */
  routeSubjects(subjects: Readonly<Record<string, string>>): void {
    this.subjects = subjects;
  }

  /** Keeps every consumer's dead letters in `store` (before `listen`). */
  keepDeadLettersIn(store: SqlDeadLetterStore): void {
    this.options = { ...this.options, onDeadLetter: (letter) => store.record(letter) };
  }

  /**
   * Hands a dead letter's message to its consumer's handler again, here and now (not through the bus, so no
   * other consumer of its subject sees it twice); rejects with the handler's error.
   */
  async redrive(consumer: string, message: DurableMessage): Promise<void> {
    const handler = this.handlers.get(consumer);
    if (handler === undefined) throw new Error(`no consumer ${consumer} runs in ${this.service}`);
    await handler(message);
  }

  listen(callback: (error?: unknown) => void): void {
    const start = async () => {
      for (const [subject, handler] of this.messageHandlers) {
        if (!handler.isEventHandler) continue;
        const consumer = consumerName(this.service, subject);
        const extras = (handler.extras ?? {}) as ConsumeOptions;
        const handle = (message: DurableMessage) =>
          withCorrelationId(message.headers[CORRELATION_HEADER], async () => {
            try {
              await measured({ service: this.service, kind: 'durable', subject }, () =>
                callHandler(handler, message, message),
              );
            } catch (error) {
              this.log.warn(
                `${consumer} failed on ${message.id} (delivery ${message.deliveryCount}): ${errorMessage(error)}`,
              );
              throw error;
            }
          });
        this.handlers.set(consumer, handle);
        const consumed = Object.hasOwn(this.subjects, subject)
          ? (this.subjects[subject] ?? subject)
          : subject;
        const consumption = await this.bus.consume(consumer, consumed, handle, {
          ...this.options,
          ...extras,
        });
        this.consumptions.push(consumption);
      }
    };
    start().then(() => callback(), callback);
  }

  async close(): Promise<void> {
    await Promise.all(this.consumptions.splice(0).map((c) => c.stop()));
  }

  on(): void {
    // Status events come from the bus adapter, not from here.
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}
