import { type RequestMeta, prefixed, type Reply } from '@studio/contracts';
import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { DEFAULT_REQUEST_TIMEOUT_MS, type Requester } from './requester.port';
import { envelope, unwrapReply } from './reply';
import { ProblemError, serviceUnavailable } from './problem.error';

/** `Requester` over NATS request/reply through Nest's NATS client (services answer in queue groups). */
export class NatsRequester implements Requester {
  private readonly client: ClientProxy;

  constructor(
    natsUrl: string,
    private readonly prefix: string,
    private readonly timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    this.client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [natsUrl] } });
  }

  async request<V>(subject: string, body: unknown, meta?: Partial<RequestMeta>): Promise<V> {
    let reply: Reply<V>;
    try {
      reply = await firstValueFrom(
        this.client
          .send<Reply<V>>(prefixed(this.prefix, subject), envelope(body, meta))
          .pipe(timeout(this.timeoutMs)),
      );
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      // No subscribers, a timeout, a lost connection: to the caller all mean the service is not there.
      throw serviceUnavailable(subject);
    }
    return unwrapReply(reply);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
