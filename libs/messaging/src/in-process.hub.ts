import type { Envelope, Reply, RequestMeta } from '@studio/contracts';
import { type Requester } from './requester.port';
import { envelope, unwrapReply } from './reply';
import { serviceUnavailable } from './service-unavailable';

export type RequestHandler = (message: Envelope<unknown>) => Promise<Reply<unknown>>;

/**
 * The embedded mode's request/reply bus: services in one process register their handlers here and call
 * each other through it. Messages are copied through JSON, as on the wire, so no caller shares objects
 * with a handler.
 */
export class InProcessHub implements Requester {
  private readonly handlers = new Map<string, RequestHandler>();

  register(subject: string, handler: RequestHandler): void {
    if (this.handlers.has(subject)) throw new Error(`two handlers for ${subject}`);
    this.handlers.set(subject, handler);
  }

  unregister(subject: string): void {
    this.handlers.delete(subject);
  }

  async request<V>(subject: string, body: unknown, meta?: Partial<RequestMeta>): Promise<V> {
    const handler = this.handlers.get(subject);
    if (!handler) throw serviceUnavailable(subject);
    const reply = (await handler(copy(envelope(body, meta)))) as Reply<V>;
    return unwrapReply(copy(reply));
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
