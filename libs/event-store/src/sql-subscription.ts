import { setTimeout as sleep } from 'node:timers/promises';
import {
  type GlobalPosition,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
} from './event-store.port';
import { type EventStoreSql } from './event-store.sql';
import { comparePositions, parsePosition } from './global-position';
import { type SqlClient } from './sql-client';
import { readAllPage, readCheckpoint, readHead } from './sql-reads';
import { backoffMs } from './retry-backoff';
import { WakeSignal } from './wake-signal';

const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_POLL_INTERVAL_MS = 1_000;

/** Another replica of the same consumer stored the checkpoint first: re-read it rather than repeat the effect. */
class CheckpointMovedError extends Error {}

/**
 * Reads pages in global order from the consumer's checkpoint; for each event, one transaction advances the
 * checkpoint and runs the handler. Every failure is retried with back-off: an event is never skipped.
 */
export class SqlSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private readonly caughtUpSignal = settleOnce();
  private readonly stopping = new AbortController();
  private readonly wake = new WakeSignal();
  private readonly done: Promise<void>;

  constructor(
    private readonly client: SqlClient,
    private readonly sql: EventStoreSql,
    private readonly handler: SubscriptionHandler,
    private readonly options: SubscribeOptions,
  ) {
    this.caughtUp = this.caughtUpSignal.promise;
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake.notify();
    await this.done;
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    const stopListening = await this.listen();
    try {
      await this.consume();
    } catch (error) {
      if (!this.stopped) throw error; // only the back-off's abort on stop() is expected here
    } finally {
      this.caughtUpSignal.reject(
        new Error(`subscription ${this.options.consumer} stopped before catching up`),
      );
      await stopListening?.().catch((error: unknown) => this.options.onError?.(error));
    }
  }

  /** Notifications only shorten the wait; without them the poll still delivers everything. */
  private async listen(): Promise<(() => Promise<void>) | undefined> {
    try {
      return await this.client.listen(this.sql.channel, () => this.wake.notify());
    } catch (error) {
      this.options.onError?.(error);
      return undefined;
    }
  }

  private async consume(): Promise<void> {
    const { consumer } = this.options;
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    let position = await this.retrying(async () => {
      await this.client.query(this.sql.statements.claimCheckpoint, [consumer]);
      return readCheckpoint(this.client, this.sql, consumer);
    });
    const head = await this.retrying(() => readHead(this.client, this.sql));
    if (comparePositions(position, head) >= 0) this.caughtUpSignal.resolve();
    while (!this.stopped) {
      const page = await this.retrying(() =>
        readAllPage(this.client, this.sql, { from: position, limit: batchSize }),
      );
      try {
        for (const event of page.events) {
          if (this.stopped) return;
          await this.retrying(() => this.deliver(position, event), event);
          position = event.position;
          if (comparePositions(position, head) >= 0) this.caughtUpSignal.resolve();
        }
      } catch (error) {
        if (!(error instanceof CheckpointMovedError)) throw error;
        position = await this.retrying(() => readCheckpoint(this.client, this.sql, consumer));
        continue;
      }
      if (page.events.length < batchSize)
        await this.wake.wait(this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
    }
  }

  private deliver(from: GlobalPosition, event: RecordedEvent): Promise<void> {
    const previous = parsePosition(from);
    const next = parsePosition(event.position);
    return this.client.transaction(async (tx) => {
      const params = [this.options.consumer, previous.txId, previous.sequence, next.txId, next.sequence];
      const { rows } = await tx.query(this.sql.statements.advanceCheckpoint, params);
      if (rows.length === 0) throw new CheckpointMovedError(`checkpoint of ${this.options.consumer} moved`);
      await this.handler(event, tx);
    });
  }

  /** Runs `work` until it succeeds; stop() ends the back-off with an abort that run() swallows. */
  private async retrying<T>(work: () => Promise<T>, event?: RecordedEvent): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (error instanceof CheckpointMovedError) throw error;
        this.options.onError?.(error, event);
        await sleep(backoffMs(attempt), undefined, { signal: this.stopping.signal });
      }
    }
  }
}

/** A promise settled by its first resolve/reject; an unobserved rejection is not an unhandled one. */
function settleOnce(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let settle: { resolve(): void; reject(error: Error): void } | undefined;
  const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  promise.catch(() => undefined);
  return {
    promise,
    resolve: () => settle?.resolve(),
    reject: (error) => settle?.reject(error),
  };
}
