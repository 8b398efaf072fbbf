import { type RequestMeta, prefixed, type Reply } from '@studio/contracts';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { ClientProxyFactory, type ClientProxy, NatsRecordBuilder, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { DEFAULT_REQUEST_TIMEOUT_MS, type Requester } from './requester.port';
import { envelope, unwrapReply } from './reply';
import { Problem } from '@studio/contracts';
import { serviceUnavailable } from './service-unavailable';
import { CORRELATION_HEADER } from './durable-bus.port';
import { natsConnectOptions, type NatsEndpoint } from './nats-servers';

/**
 * `Requester` over NATS request/reply through Nest's NATS client (services answer in queue groups). The
 * correlation id travels in the envelope and, for anything watching the wire, in a header.
 */
export class NatsRequester implements Requester {
  private readonly client: ClientProxy;

  constructor(
    endpoint: NatsEndpoint,
    private readonly prefix: string,
    private readonly timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    this.client = ClientProxyFactory.create({
      transport: Transport.NATS,
      // Keep trying through a NATS restart; meanwhile requests answer 503 (no subscribers, or a timeout).
      options: { ...natsConnectOptions(endpoint), maxReconnectAttempts: -1, reconnectTimeWait: 500 },
    });
  }

  async request<V>(subject: string, body: unknown, meta?: Partial<RequestMeta>): Promise<V> {
    let reply: Reply<V>;
    try {
      const message = envelope(body, meta);
      const headers = natsHeaders();
      headers.set(CORRELATION_HEADER, message.meta.correlationId);
      const record = new NatsRecordBuilder(message).setHeaders(headers).build();
      reply = await firstValueFrom(
        this.client.send<Reply<V>>(prefixed(this.prefix, subject), record).pipe(timeout(this.timeoutMs)),
      );
    } catch (error) {
      if (error instanceof Problem) throw error;
      // No subscribers, a timeout, a lost connection: to the caller all mean the service is not there.
      throw serviceUnavailable(subject);
    }
    return unwrapReply(reply);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
