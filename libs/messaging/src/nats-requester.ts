import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { prefixed, type Reply, type RequestMeta } from '@studio/contracts';
import { DEFAULT_REQUEST_TIMEOUT_MS, type Requester } from './requester.port';
import { envelope, unwrapReply } from './reply';
import { serviceUnavailable } from './service-unavailable';
import { CORRELATION_HEADER } from './durable-bus.port';
import { natsConnectOptions, type NatsEndpoint } from './nats-servers';

/** What a Nest NATS server answers a request with: the handler's value, or `err` when it threw outside it. */
interface NestAnswer<V> {
  readonly response?: Reply<V>;
  readonly err?: unknown;
}

/**
 * `Requester` over NATS request/reply (services answer in queue groups through Nest's NATS server), speaking
 * Nest's packet (`{ pattern, data, id }` out, `{ response | err, id }` back). It uses the client's own
 * request, whose replies all come to one subscription: Nest's client subscribed and unsubscribed an inbox
 * per request, two more protocol lines for the server and a second socket write per request on a path where
 * socket writes are most of the cost. The correlation id travels in the envelope and, for anything watching
 * the wire, in a header.
 */
export class NatsRequester implements Requester {
  private connection: Promise<NatsConnection> | undefined;
  private closed = false;

  constructor(
    private readonly endpoint: NatsEndpoint,
    private readonly prefix: string,
    private readonly timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {}

  async request<V>(subject: string, body: unknown, meta?: Partial<RequestMeta>): Promise<V> {
    let answer: NestAnswer<V>;
    try {
      const nats = await this.connected();
      const message = envelope(body, meta);
      const headers = natsHeaders();
      headers.set(CORRELATION_HEADER, message.meta.correlationId);
      const pattern = prefixed(this.prefix, subject);
      const reply = await nats.request(
        pattern,
        JSON.stringify({ pattern, data: message, id: randomUUID() }),
        {
          timeout: this.timeoutMs,
          headers,
        },
      );
      answer = reply.json<NestAnswer<V>>();
    } catch {
      // No responders, a timeout, a lost connection, an unreadable answer: to the caller all mean the
      // service is not there.
      throw serviceUnavailable(subject);
    }
    if (answer.response === undefined || answer.err !== undefined) throw serviceUnavailable(subject);
    return unwrapReply(answer.response);
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.then((nats) => nats.close()).catch(() => undefined);
  }

  /** Connects on first use; a failed attempt is forgotten, so the next request tries again. */
  private connected(): Promise<NatsConnection> {
    if (this.closed) return Promise.reject(new Error('closed'));
    this.connection ??= connect({
      ...natsConnectOptions(this.endpoint),
      // Keep trying through a NATS restart; meanwhile requests answer 503 (no responders, or a timeout).
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    }).catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }
}
