import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllPage,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
} from './event-store.port';
import { AppendNotifier } from './append-notifier';
import { eventStoreSql, type EventStoreSql } from './event-store.sql';
import { appendEvents } from './sql-append';
import { type SqlClient } from './sql-client';
import { migrateSchema } from './sql-migrations';
import { readAllPage, readCheckpoint, readStreamEvents } from './sql-reads';
import { SqlSubscription } from './sql-subscription';

/** The event store over any SqlClient: the PostgreSQL and PGlite adapters differ only in their client. */
export class SqlEventStore implements EventStore {
  private readonly sql: EventStoreSql;
  private readonly notifier: AppendNotifier;
  private readonly subscriptions = new Set<SqlSubscription>();

  constructor(
    private readonly client: SqlClient,
    schema?: string,
  ) {
    this.sql = eventStoreSql(schema);
    this.notifier = new AppendNotifier(async () => {
      await client.query(this.sql.statements.notify, [this.sql.channel]);
    });
  }

  migrate(): Promise<void> {
    return migrateSchema(this.client, this.sql);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const result = await appendEvents(this.client, this.sql, streamId, events, options);
    this.notifier.appended();
    return result;
  }

  readStream(streamId: string, options?: { fromVersion?: number }): Promise<readonly RecordedEvent[]> {
    return readStreamEvents(this.client, this.sql, streamId, options?.fromVersion);
  }

  readAll(options: ReadAllOptions): Promise<ReadAllPage> {
    return readAllPage(this.client, this.sql, options);
  }

  async reservationOwner(scope: string, key: string): Promise<string | undefined> {
    const { rows } = await this.client.query<{ owner: string }>(this.sql.statements.reservationOwner, [
      scope,
      key,
    ]);
    return rows[0]?.owner;
  }

  subscribe(handler: SubscriptionHandler, options: SubscribeOptions): Subscription {
    const subscription = new SqlSubscription(this.client, this.sql, handler, options);
    this.subscriptions.add(subscription);
    return {
      caughtUp: subscription.caughtUp,
      stop: async () => {
        await subscription.stop();
        this.subscriptions.delete(subscription);
      },
    };
  }

  checkpoint(consumer: string): Promise<GlobalPosition> {
    return readCheckpoint(this.client, this.sql, consumer);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.subscriptions.clear();
    await this.notifier.close();
    await this.client.close();
  }
}
