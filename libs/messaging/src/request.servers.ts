import type { Envelope } from '@studio/contracts';
import { prefixed } from '@studio/contracts';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { type CustomTransportStrategy, type MessageHandler, Server, ServerNats } from '@nestjs/microservices';
import type { InProcessHub } from './in-process.hub';
import { replyFrom } from './handler-call';
import { natsConnectOptions, type NatsEndpoint } from './nats-servers';

type SubscriptionCallback = (error: Error | null, message: Msg) => void;

/**
 * Nest's NATS server, answering `@MessagePattern` subjects under the deployment's prefix in a queue group
 * (replicas share the load), and always replying with a `Reply`. Event handlers are left to the durable
 * events server: a core NATS subscription would see JetStream's messages without its guarantees.
 */
export class PrefixedNatsServer extends ServerNats {
  constructor(
    private readonly prefix: string,
    endpoint: NatsEndpoint,
    private readonly queue: string,
  ) {
    super({ ...natsConnectOptions(endpoint), queue, maxReconnectAttempts: -1 });
  }

  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler = false, extras = {}): void {
    if (isEventHandler) return;
    const labels = { service: this.queue, subject: this.normalizePattern(pattern as string) };
    const wrapped = ((message: Envelope<unknown>, context: unknown) =>
      replyFrom(callback, message, context, labels)) as MessageHandler;
    super.addHandler(pattern, wrapped, false, extras);
  }

  /**
   * Our patterns are plain subjects. Nest's own first tries JSON.parse on each message's, which throws for a
   * subject (a SyntaxError with its stack, per request): 2–3 % of identity's CPU under load went there.
   */
  protected override getRouteFromPattern(pattern: string): string {
    return this.normalizePattern(pattern);
  }

  override bindEvents(client: NatsConnection): void {
    for (const channel of this.messageHandlers.keys()) {
      // Nest unsubscribes these by closing the connection.
      void client.subscribe(prefixed(this.prefix, channel), {
        queue: this.queue,
        callback: this.getMessageHandler(channel).bind(this) as SubscriptionCallback,
      });
    }
  }
}

/** The embedded mode's request server: registers each `@MessagePattern` handler in the in-process hub. */
export class InProcessRequestServer extends Server implements CustomTransportStrategy {
  private readonly registered: string[] = [];

  constructor(
    private readonly hub: InProcessHub,
    private readonly service: string,
  ) {
    super();
  }

  listen(callback: () => void): void {
    for (const [subject, handler] of this.messageHandlers) {
      if (handler.isEventHandler) continue;
      this.hub.register(subject, (message) =>
        replyFrom(handler, message, undefined, { service: this.service, subject }),
      );
      this.registered.push(subject);
    }
    callback();
  }

  close(): void {
    for (const subject of this.registered.splice(0)) this.hub.unregister(subject);
  }

  on(): void {
    // No transport events to observe in process.
  }

  unwrap<T>(): T {
    return this.hub as T;
  }
}
