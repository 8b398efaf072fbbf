import { setTimeout as sleep } from 'node:timers/promises';
import { prefixed } from '@studio/contracts';
import { isTransient } from './transient';
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection, nanos } from '@nats-io/transport-node';
import {
  type ConsumeOptions,
  type Consumption,
  deadLetterSubject,
  DEFAULT_BACKOFF_MS,
  DEFAULT_MAX_DELIVER,
  type DurableBus,
  type DurableHandler,
} from './durable-bus.port';

/** The durable subject roots, each its own stream (a stream over `<prefix>.>` would swallow requests). */
const STREAM_ROOTS = ['events', 'mail', 'dead', 'checkout'] as const;

const DAY_NS = nanos(24 * 60 * 60_000);
/**
 * Events stay (any new consumer can start from the first). Mail requests carry links with live tokens, so
 * they leave the stream as soon as notification acknowledges them (work queue). Dead letters wait two weeks
 * for an operator.
 */
const STREAM_RETENTION: Record<
  (typeof STREAM_ROOTS)[number],
  { retention: RetentionPolicy; max_age?: number }
> = {
  events: { retention: RetentionPolicy.Limits },
  mail: { retention: RetentionPolicy.Workqueue },
  dead: { retention: RetentionPolicy.Limits, max_age: 14 * DAY_NS },
  checkout: { retention: RetentionPolicy.Limits },
};

/**
 * `DurableBus` on JetStream: file-backed streams de-duplicating by `Nats-Msg-Id`, one durable pull consumer
 * per handler with explicit acks and one message in flight (so a client's events are handled in order),
 * redelivery with back-off, and a dead-letter subject once `maxDeliver` is spent.
 */
export class JetStreamBus implements DurableBus {
  private readonly consumptions = new Set<Consumption>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly prefix: string,
  ) {}

  static async connect(natsUrl: string, prefix: string, name: string): Promise<JetStreamBus> {
    const nc = await connect({ servers: natsUrl, name, maxReconnectAttempts: -1 });
    const jsm = await jetstreamManager(nc);
    const bus = new JetStreamBus(nc, jetstream(nc), jsm, prefix);
    await bus.ensureStreams();
    return bus;
  }

  streamName(root: (typeof STREAM_ROOTS)[number]): string {
    return `${this.prefix}_${root}`.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase();
  }

  async publish(
    subject: string,
    data: unknown,
    options: { msgId: string; headers?: Record<string, string> },
  ): Promise<void> {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(options.headers ?? {})) h.set(key, value);
    await this.js.publish(prefixed(this.prefix, subject), JSON.stringify(data), {
      msgID: options.msgId,
      headers: h,
    });
  }

  async consume(
    consumer: string,
    subject: string,
    handler: DurableHandler,
    options: ConsumeOptions = {},
  ): Promise<Consumption> {
    const maxDeliver = options.maxDeliver ?? DEFAULT_MAX_DELIVER;
    const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const root = subject.split('.')[0] as (typeof STREAM_ROOTS)[number];
    const stream = this.streamName(root);
    const durable = `${this.prefix}-${consumer}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const settings = {
      filter_subject: prefixed(this.prefix, subject),
      max_ack_pending: 1,
      ack_wait: nanos(60_000),
      // Unlimited: a transient failure (a service or the database down) is retried until it passes; this bus
      // dead-letters a message itself once a failure that is the message's own has used up `maxDeliver`.
      max_deliver: -1,
    };
    await this.jsm.consumers
      .add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...settings,
      })
      // A consumer made by an earlier version with other settings: bring it up to date, keeping its place.
      .catch((error: unknown) =>
        this.jsm.consumers.update(stream, durable, settings).catch(() => {
          throw error;
        }),
      );
    const pull = await this.js.consumers.get(stream, durable);
    // One message a pull: with max_ack_pending 1 nothing more could come, and a plain fetch loop recovers
    // from anything (a terminated message, a lost connection) by simply pulling again.
    let running = true;
    let batch: ConsumerMessages | undefined;
    const done = (async () => {
      while (running) {
        try {
          batch = await pull.fetch({ max_messages: 1, expires: 2_000 });
          for await (const m of batch) await this.handle(m, consumer, handler, maxDeliver, backoff);
        } catch {
          if (running) await sleep(500);
        }
      }
    })();
    const consumption: Consumption = {
      stop: async () => {
        running = false;
        await batch?.close();
        await done;
        this.consumptions.delete(consumption);
      },
    };
    this.consumptions.add(consumption);
    return consumption;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumptions].map((c) => c.stop()));
    await this.nc.drain().catch(() => undefined);
  }

  private async handle(
    m: JsMsg,
    consumer: string,
    handler: DurableHandler,
    maxDeliver: number,
    backoff: readonly number[],
  ) {
    const headers = Object.fromEntries((m.headers?.keys() ?? []).map((k) => [k, m.headers?.get(k) ?? '']));
    const attempt = m.info.deliveryCount;
    try {
      await handler({
        id: m.headers?.get('Nats-Msg-Id') ?? `${m.info.stream}:${m.seq}`,
        subject: m.subject.slice(this.prefix.length + 1),
        data: m.json(),
        headers,
        deliveryCount: attempt,
      });
      await m.ackAck();
    } catch (error) {
      if (attempt >= maxDeliver && !isTransient(error)) {
        await this.publish(
          deadLetterSubject(consumer),
          { subject: m.subject, data: m.string(), error: String(error) },
          {
            msgId: `dead-${consumer}-${m.info.streamSequence}`,
          },
        );
        // No reason: nats-server 2.9 does not understand "+TERM <reason>" and would leave the message pending.
        m.term();
        return;
      }
      m.nak(backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 0);
    }
  }

  private async ensureStreams(): Promise<void> {
    for (const root of STREAM_ROOTS) {
      const config = {
        name: this.streamName(root),
        subjects: [prefixed(this.prefix, `${root}.>`)],
        storage: StorageType.File,
        duplicate_window: nanos(10 * 60_000),
        ...STREAM_RETENTION[root],
      };
      try {
        await this.jsm.streams.info(config.name);
      } catch {
        await this.jsm.streams.add(config).catch(async (error: unknown) => {
          // Another replica created it first.
          await this.jsm.streams.info(config.name).catch(() => {
            throw error;
          });
        });
      }
    }
  }
}
