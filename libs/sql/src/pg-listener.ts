import { Client, type ClientConfig } from 'pg';
import { quoteIdent } from './quote';

type Handler = () => void;

/** Delay before reconnection attempt `n` (from 0): 100 ms doubling up to 5 s. */
const backoffMs = (attempt: number): number => Math.min(100 * 2 ** attempt, 5_000);

/**
 * LISTEN needs a session of its own (a pooled one is shared, and LISTEN would leak into other work). Opened with
 * the first handler and ended with the last; if the connection drops it reconnects with back-off and then calls
 * every handler, since notifications sent while it was away are lost.
 */
export class PgListener {
  private readonly handlers = new Map<string, Set<Handler>>();
  private client: Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  // Connect, LISTEN, UNLISTEN and end run one at a time, so a stop racing a reconnect cannot leak a session.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: ClientConfig) {}

  listen(channel: string, onNotify: Handler): Promise<() => Promise<void>> {
    return this.serially(async () => {
      const handlers = this.handlers.get(channel) ?? new Set<Handler>();
      this.handlers.set(channel, handlers);
      handlers.add(onNotify);
      if (!this.client) await this.connect();
      else if (handlers.size === 1) await this.send(this.client, `LISTEN ${quoteIdent(channel)}`);
      return () => this.unlisten(channel, onNotify);
    });
  }

  close(): Promise<void> {
    return this.serially(async () => {
      this.closed = true;
      await this.disconnect();
    });
  }

  private unlisten(channel: string, onNotify: Handler): Promise<void> {
    return this.serially(async () => {
      const handlers = this.handlers.get(channel);
      if (!handlers?.delete(onNotify) || handlers.size > 0) return;
      this.handlers.delete(channel);
      if (this.handlers.size === 0) await this.disconnect();
      else if (this.client) await this.send(this.client, `UNLISTEN ${quoteIdent(channel)}`);
    });
  }

  /** A failed LISTEN or UNLISTEN means a broken session: replace it (the new one listens to every channel). */
  private async send(client: Client, command: string): Promise<void> {
    await client.query(command).catch(() => this.lost(client));
  }

  private async connect(): Promise<void> {
    if (this.closed || this.handlers.size === 0) return;
    const client = new Client(this.config);
    client.on('notification', ({ channel }) => this.handlers.get(channel)?.forEach((handler) => handler()));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch {
      this.lost(client);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.handlers.forEach((handlers) => handlers.forEach((handler) => handler()));
  }

  private lost(client: Client): void {
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.client === client) this.client = undefined;
    else if (this.client) return; // an old session, already replaced
    if (this.closed || this.reconnectTimer || this.handlers.size === 0) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.client) void this.serially(() => this.connect());
    }, backoffMs(this.failures++));
  }

  private async disconnect(): Promise<void> {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners('end');
    await client?.end().catch(() => undefined);
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
