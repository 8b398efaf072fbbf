import { type ConsumerLag, prefixed, Problem } from '@studio/contracts';
import {
  AckPolicy,
  type Consumer,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import {
  connect,
  headers as natsHeaders,
  type MsgHdrs,
  type NatsConnection,
  nanos,
} from '@nats-io/transport-node';
import {
  type ConsumeOptions,
  type Consumption,
  deadLetterSubject,
  DEFAULT_BACKOFF_MS,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_DELIVER,
  type DurableBus,
  type DurableHandler,
  type DurableMessage,
  KEY_HEADER,
  type PublishOptions,
  SEQUENCE_HEADER,
} from './durable-bus.port';
import { deadLetters, reportConsumer } from './bus.metrics';
import { errorMessage } from './error-message';
import { KeyedDispatcher } from './keyed-dispatcher';
import { type RetryPolicy, untilHandled } from './retrying';
import type { StreamGate } from './stream-gate';
import { nextOf, type StrandedRecovery, sweepStranded } from './stranded-messages';
import { natsConnectOptions, type NatsEndpoint } from './nats-servers';
import {
  durableName,
  externalStreamName,
  streamName,
  streamOf,
  STREAM_ROOTS,
  rootOf,
  type StreamRoot,
  WORK_QUEUE_ROOTS,
} from './jetstream.names';

const DAY_NS = nanos(24 * 60 * 60_000);
/**
 * Events stay (any new consumer can start from the first); mail requests leave as soon as they are handled
 * (`WORK_QUEUE_ROOTS`); dead letters wait two weeks for an operator.
 */
const retentionOf = (root: StreamRoot): { retention: RetentionPolicy; max_age?: number } =>
  WORK_QUEUE_ROOTS.has(root)
    ? { retention: RetentionPolicy.Workqueue }
    : { retention: RetentionPolicy.Limits, ...(root === 'dead' ? { max_age: 14 * DAY_NS } : {}) };

/** Messages a consumer holds unacknowledged at once (the server stops delivering beyond it). */
const DEFAULT_MAX_IN_FLIGHT = 256;
/**
 * How long a message handed out waits for its ack before it is offered again: what a killed replica held is
 * redelivered after this. Short, because a message in hand (in its lane, or retried in place) says so three
 * times as often (`working()`): only a dead or frozen process stops saying it.
 */
const DEFAULT_ACK_WAIT_MS = 15_000;
/** How long one pull request waits at the server; the client re-pulls when it ends. */
const PULL_EXPIRES_MS = 5_000;
/** A message that came before its predecessor was handled is offered again after this. */
const GAP_DELAY_MS = 50;
/** Sequences an ordered consumer remembers per key in memory; the gate in the database is the truth. */
const REMEMBERED_KEYS = 50_000;
/**
 * How often a work-queue consumer looks in its stream for messages JetStream lost track of: often, so that one
 * it can see is handled seconds after, before another fault touches it; a look that finds nothing is two small
 * requests.
 */
const DEFAULT_STRANDED_SWEEP_MS = 2_000;

export interface JetStreamBusOptions {
  /** Where ordered consumers record each key's progress; required to consume with `ordered: true`. */
  readonly gate?: StreamGate;
  /** Unacknowledged messages per consumer (JetStream's max_ack_pending). */
  readonly maxInFlight?: number;
  /** Copies of each stream a JetStream cluster keeps (num_replicas; consumers follow their stream). Default 1. */
  readonly replicas?: number;
  /** How long a message not acknowledged (its consumer dead) waits before it is offered again. Default 15 s. */
  readonly ackWaitMs?: number;
  /** How often a work-queue consumer looks for messages JetStream lost track of (`stranded-messages.ts`). */
  readonly strandedSweepMs?: number;
}

interface Lane {
  readonly consumer: string;
  readonly handler: DurableHandler;
  readonly policy: RetryPolicy;
  readonly ordered: boolean;
  readonly signal: AbortSignal;
  readonly onDeadLetter: ConsumeOptions['onDeadLetter'];
  /** The last sequence handled per key, as far as this instance knows. */
  readonly handled: Map<string, number>;
}

/** One message to settle: as JetStream delivered it, or as the stranded-message sweep read it from its stream. */
interface Delivery {
  readonly message: Omit<DurableMessage, 'deliveryCount'>;
  readonly deliveryCount: number;
  /** As stored, for a dead letter. */
  readonly stored: { readonly subject: string; readonly seq: number; body(): string };
  ack(): void | Promise<void>;
  /** Offers it again, after `delayMs`. */
  nak(delayMs?: number): void;
  /** Never offers it again. */
  term(): void | Promise<void>;
}

/**
 * `DurableBus` on JetStream: file-backed streams de-duplicating by `Nats-Msg-Id`; per handler a durable pull
 * consumer with explicit acks, shared by every replica, whose messages this instance spreads over lanes by key
 * (`KeyedDispatcher`). A failing message is retried in place, holding only its key, and dead-lettered once
 * `maxDeliver` is spent. An `ordered` consumer checks each message against the `StreamGate` first, so a key's
 * messages are handled in sequence even when replicas take neighbouring ones
 * (docs/adr/0004-lanes-and-the-stream-gate.md).
 */
export class JetStreamBus implements DurableBus {
  private readonly consumptions = new Set<Consumption>();
  /** External subjects whose stream is known to exist. */
  private readonly externalStreams = new Set<string>();
  /** Where each consumer this instance runs is, for operators. */
  private readonly durables = new Map<string, { stream: string; durable: string; filter: string }>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly prefix: string,
    private readonly options: JetStreamBusOptions,
  ) {}

  static async connect(
    endpoint: NatsEndpoint,
    prefix: string,
    name: string,
    options: JetStreamBusOptions = {},
  ): Promise<JetStreamBus> {
    const nc = await connect({ ...natsConnectOptions(endpoint), name, maxReconnectAttempts: -1 }).catch(
      (error: unknown) => {
        throw natsUnavailable(error);
      },
    );
    try {
      const jsm = await jetstreamManager(nc);
      const bus = new JetStreamBus(nc, jetstream(nc), jsm, prefix, options);
      await bus.ensureStreams();
      return bus;
    } catch (error) {
      // JetStream not ready yet (a cluster restarting) is "not now" too; the connection is not kept either way.
      await nc.close().catch(() => undefined);
      throw natsUnavailable(error);
    }
  }

  streamName(root: StreamRoot): string {
    return streamName(this.prefix, root);
  }

  async publish(subject: string, data: unknown, options: PublishOptions): Promise<void> {
    // Another system's subject may have no stream yet (its consumer not started): made here as there.
    if (options.external === true && !this.externalStreams.has(subject)) {
      await this.externalStream(subject);
      this.externalStreams.add(subject);
    }
    const h = natsHeaders();
    for (const [key, value] of Object.entries(options.headers ?? {})) h.set(key, value);
    if (options.key !== undefined) h.set(KEY_HEADER, options.key);
    if (options.sequence !== undefined) h.set(SEQUENCE_HEADER, String(options.sequence));
    await this.js.publish(this.onWire(subject, options.external), JSON.stringify(data), {
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
    if (options.ordered && !this.options.gate)
      throw new Error(`consumer ${consumer} is ordered, but the bus was given no StreamGate`);
    const { source, stream, durable } = await this.durableConsumer(consumer, subject, options.external);
    const filter = this.onWire(subject, options.external);
    this.durables.set(consumer, { stream, durable, filter });
    const stopping = new AbortController();
    const lane: Lane = {
      consumer,
      handler,
      ordered: options.ordered ?? false,
      signal: stopping.signal,
      onDeadLetter: options.onDeadLetter,
      handled: new Map(),
      policy: {
        maxDeliver: options.maxDeliver ?? DEFAULT_MAX_DELIVER,
        backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
      },
    };
    const lanes = new KeyedDispatcher(options.concurrency ?? DEFAULT_CONCURRENCY);
    const inHand = new Set<JsMsg>();
    // Two heartbeats may be late before the server offers a message in hand again.
    const heartbeat = setInterval(() => inHand.forEach((m) => m.working()), this.ackWaitMs / 3);
    heartbeat.unref();
    const messages: ConsumerMessages = await source.consume({
      max_messages: this.maxInFlight,
      // A pull lasts 5 s and the server beats every 2.5 s while it waits: a pull lost with its node (a leader
      // moving in a cluster) is noticed after two missed beats, 5 s, not the client's default 30 s.
      expires: PULL_EXPIRES_MS,
      callback: (m) => {
        inHand.add(m);
        const key = m.headers?.get(KEY_HEADER) || `#${m.seq}`;
        void lanes
          .submit(key, async () => this.settle(delivered(m, this.prefix), lane))
          .finally(() => inHand.delete(m));
      },
    });
    // What JetStream lost track of can be found only where a message stays until acknowledged.
    const sweep =
      options.external !== true && WORK_QUEUE_ROOTS.has(rootOf(subject))
        ? sweepStranded(
            this.jsm,
            { consumer, stream, durable, filter },
            this.options.strandedSweepMs ?? DEFAULT_STRANDED_SWEEP_MS,
            this.strandedRecovery(stream, lane, lanes),
          )
        : undefined;
    const unreport = reportConsumer(consumer, async () => {
      const info = await this.jsm.consumers.info(stream, durable);
      return { pending: info.num_pending, ackPending: info.num_ack_pending };
    });
    const consumption: Consumption = {
      stop: async () => {
        await sweep?.stop();
        unreport();
        this.durables.delete(consumer);
        await messages.close().catch(() => undefined);
        stopping.abort();
        await lanes.idle();
        clearInterval(heartbeat);
        this.consumptions.delete(consumption);
      },
    };
    this.consumptions.add(consumption);
    return consumption;
  }

  async standings(prefix: string): Promise<ConsumerLag[]> {
    const consumers = [...this.durables].filter(([consumer]) => consumer.startsWith(prefix));
    return Promise.all(
      consumers.map(async ([consumer, { stream, durable, filter }]) => {
        const info = await this.jsm.consumers.info(stream, durable);
        const unfinished = info.num_pending + info.num_ack_pending > 0;
        return {
          consumer,
          pending: info.num_pending,
          inFlight: info.num_ack_pending,
          oldestUnprocessedAt: unfinished
            ? await this.storedAt(stream, info.ack_floor.stream_seq + 1, filter)
            : null,
        };
      }),
    );
  }

  /** When the first message of `filter` at or after `seq` was stored; null if there is none (any more). */
  private async storedAt(stream: string, seq: number, filter: string): Promise<string | null> {
    const stored = await this.jsm.streams.getMessage(stream, nextOf(filter, seq)).catch(() => null);
    return stored ? stored.time.toISOString() : null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumptions].map((c) => c.stop()));
    await this.nc.drain().catch(() => undefined);
  }

  private onWire(subject: string, external = false): string {
    return external ? subject : prefixed(this.prefix, subject);
  }

  private get maxInFlight(): number {
    return this.options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  }

  private get ackWaitMs(): number {
    return this.options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
  }

  /** Settles one message: handled (ack), a repeat (ack), early (offered again), spent (dead letter) or left. */
  private async settle(d: Delivery, lane: Lane): Promise<void> {
    if (lane.signal.aborted) return d.nak();
    const { message } = d;
    const { key, sequence } = message;
    const gated = lane.ordered && key !== undefined && sequence !== undefined;
    try {
      if (gated) {
        const last = await this.lastHandled(lane, key, sequence);
        if (sequence <= last) return await d.ack();
        if (sequence > last + 1) return d.nak(GAP_DELAY_MS);
      }
      const outcome = await untilHandled(
        d.deliveryCount,
        (deliveryCount) => lane.handler({ ...message, deliveryCount }),
        lane.policy,
        lane.signal,
      );
      if (outcome.kind === 'stopped') return d.nak();
      if (outcome.kind === 'dead') await this.deadLetter(d, lane, outcome);
      if (gated) {
        await this.options.gate?.advance(lane.consumer, key, sequence);
        remember(lane.handled, key, sequence);
      }
      if (outcome.kind === 'dead') await d.term();
      else await d.ack();
    } catch {
      // The gate or the dead-letter stream is unreachable: offer the message again a little later.
      d.nak(lane.policy.backoffMs[0] ?? 1_000);
    }
  }

  /**
   * A stranded message is settled like a delivery, on its key's lane: handled, it is left to the sweep to remove
   * (its ack); offered again, it stays for a later sweep.
   */
  private strandedRecovery(stream: string, lane: Lane, lanes: KeyedDispatcher): StrandedRecovery {
    return {
      handle: async (stored) => {
        let settled = false;
        const d: Delivery = {
          message: toDurableMessage(
            stored.subject,
            stored.header,
            stored.json(),
            `${stream}:${stored.seq}`,
            this.prefix,
          ),
          deliveryCount: 1,
          stored: { subject: stored.subject, seq: stored.seq, body: () => stored.string() },
          ack: () => void (settled = true),
          term: () => void (settled = true),
          nak: () => undefined,
        };
        await lanes.submit(d.message.key ?? `#${stored.seq}`, async () => this.settle(d, lane));
        return settled;
      },
      remove: async (seq) => void (await this.jsm.streams.deleteMessage(stream, seq, false)),
    };
  }

  /** From memory when it follows on; from the gate when this instance may have missed a step. */
  private async lastHandled(lane: Lane, key: string, sequence: number): Promise<number> {
    const known = lane.handled.get(key);
    if (known !== undefined && sequence === known + 1) return known;
    // A key's first message needs no look-up: if another instance had it, handling it again is a no-op.
    if (known === undefined && sequence === 0) return -1;
    const last = await (this.options.gate?.lastHandled(lane.consumer, key) ?? Promise.resolve(-1));
    remember(lane.handled, key, Math.max(last, known ?? -1));
    return Math.max(last, known ?? -1);
  }

  private async deadLetter(
    { message, stored }: Delivery,
    lane: Lane,
    outcome: { readonly error: unknown; readonly attempts: number },
  ): Promise<void> {
    const { consumer } = lane;
    const error = outcome.error;
    deadLetters.inc({ consumer });
    if (lane.onDeadLetter) {
      const letter = { consumer, message: { ...message, deliveryCount: outcome.attempts } };
      return lane.onDeadLetter({ ...letter, error: errorMessage(error) });
    }
    await this.publish(
      deadLetterSubject(consumer),
      { subject: stored.subject, data: stored.body(), error: errorMessage(error) },
      { msgId: `dead-${consumer}-${stored.seq}` },
    );
  }

  private async durableConsumer(
    consumer: string,
    subject: string,
    external = false,
  ): Promise<{ source: Consumer; stream: string; durable: string }> {
    const stream = external ? await this.externalStream(subject) : streamOf(this.prefix, subject);
    const durable = durableName(this.prefix, consumer);
    const settings = {
      filter_subject: this.onWire(subject, external),
      max_ack_pending: this.maxInFlight,
      ack_wait: nanos(this.ackWaitMs),
      // Unlimited: this bus retries a message in place and dead-letters it itself once a failure that is the
      // message's own has used up `maxDeliver`; a transient failure is retried until it passes.
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
    return { source: await this.js.consumers.get(stream, durable), stream, durable };
  }

  /**
   * The stream holding another system's subject: the one it already has (the checkout may run its own), or one
   * made for it, kept like events (any consumer can start from the first) and never deleted by this system.
   */
  private async externalStream(subject: string): Promise<string> {
    const existing = await this.jsm.streams.find(subject).catch(() => undefined);
    if (existing !== undefined) return existing;
    const name = externalStreamName(subject);
    await this.jsm.streams
      .add({
        name,
        subjects: [subject],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        duplicate_window: nanos(10 * 60_000),
        num_replicas: this.options.replicas ?? 1,
      })
      .catch(async (error: unknown) => {
        // Another replica, or another deployment sharing this NATS, created it first.
        if ((await this.jsm.streams.find(subject).catch(() => undefined)) === undefined) throw error;
      });
    return (await this.jsm.streams.find(subject).catch(() => undefined)) ?? name;
  }

  private async ensureStreams(): Promise<void> {
    for (const root of STREAM_ROOTS) {
      const config = {
        name: this.streamName(root),
        subjects: [prefixed(this.prefix, `${root}.>`)],
        storage: StorageType.File,
        duplicate_window: nanos(10 * 60_000),
        num_replicas: this.options.replicas ?? 1,
        ...retentionOf(root),
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

const UNREACHABLE = new Set(['ConnectionError', 'TimeoutError']);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ETIMEDOUT',
]);

/** NATS not there (yet) is "not now", as the SQL adapter says of its server; a refusal (credentials) is not. */
function natsUnavailable(error: unknown): unknown {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  // A tls:// URL for a server that has no TLS says ConnectionError too, but waiting will not change it.
  const unreachable =
    !/does not support 'tls'/.test(errorMessage(error)) &&
    ((typeof name === 'string' && UNREACHABLE.has(name)) ||
      (typeof code === 'string' && UNREACHABLE_CODES.has(code)));
  return unreachable
    ? Problem.of('service-unavailable', `NATS is unreachable: ${errorMessage(error)}`, undefined, {
        cause: error,
      })
    : error;
}

/** A message as JetStream delivered it, settled by acks. */
function delivered(m: JsMsg, prefix: string): Delivery {
  return {
    message: toDurableMessage(m.subject, m.headers, m.json(), `${m.info.stream}:${m.seq}`, prefix),
    deliveryCount: m.info.deliveryCount,
    stored: { subject: m.subject, seq: m.info.streamSequence, body: () => m.string() },
    ack: () => m.ack(),
    nak: (delayMs) => m.nak(delayMs),
    // No reason with term: nats-server 2.9 does not understand "+TERM <reason>" and would leave it pending.
    term: () => m.term(),
  };
}

function toDurableMessage(
  subject: string,
  wireHeaders: MsgHdrs | undefined,
  data: unknown,
  storedAs: string,
  prefix: string,
): Omit<DurableMessage, 'deliveryCount'> {
  const headers = Object.fromEntries((wireHeaders?.keys() ?? []).map((k) => [k, wireHeaders?.get(k) ?? '']));
  const key = headers[KEY_HEADER] || undefined;
  const sequenceText = headers[SEQUENCE_HEADER];
  const sequence = sequenceText === undefined || sequenceText === '' ? undefined : Number(sequenceText);
  return {
    id: headers['Nats-Msg-Id'] || storedAs,
    subject: subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : subject,
    data,
    headers,
    ...(key === undefined ? {} : { key }),
    ...(sequence === undefined || !Number.isSafeInteger(sequence) ? {} : { sequence }),
  };
}

function remember(handled: Map<string, number>, key: string, sequence: number): void {
  handled.delete(key);
  handled.set(key, sequence);
  if (handled.size > REMEMBERED_KEYS) {
    const oldest = handled.keys().next();
    if (oldest.done !== true) handled.delete(oldest.value);
  }
}
