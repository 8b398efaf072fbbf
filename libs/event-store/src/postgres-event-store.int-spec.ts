import { Client } from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import { aStreamId, anEvent } from './event-store.builders';
import { describeEventStoreContract } from './event-store.contract';
import { eventStoreSql } from './event-store.sql';
import { createPostgresEventStore } from './postgres-event-store';
import { appendEvents } from './sql-append';
import { statementText, type SqlExecutor } from './sql-client';
import { createTemporaryDatabase, type TemporaryDatabase } from './temporary-database.fixture';

let database: TemporaryDatabase;

beforeAll(async () => {
  database = await createTemporaryDatabase('es_test');
});

afterAll(async () => {
  await database.drop();
});

const storeOn = (schema: string) => createPostgresEventStore({ connectionString: database.url, schema });

describeEventStoreContract('PostgreSQL', async (schema) => storeOn(schema), {
  // A raw session: BEGIN, the adapter's own append statement, and COMMIT only when the test says so.
  holdAppendOpen: async (schema, streamId, events) => {
    const client = await connect();
    await client.query('BEGIN');
    await appendEvents(on(client), eventStoreSql(schema), streamId, events, { expectedVersion: 'any' });
    return {
      commit: async () => {
        await client.query('COMMIT');
        await client.end();
      },
    };
  },
});

describe('PostgreSQL event store: sessions', () => {
  it('bounds how long a writer session may sit idle inside a transaction', async () => {
    const store = storeOn('sessions_timeout');
    await store.migrate();
    await store.append(aStreamId(), [anEvent()], { expectedVersion: 'no-stream' });
    let setting: unknown;
    const subscription = store.subscribe(
      async (_event, tx) => {
        setting = (await tx.query('SHOW idle_in_transaction_session_timeout')).rows[0];
      },
      { consumer: 'timeout-probe' },
    );
    await subscription.caughtUp;
    await store.close();
    expect(setting).toEqual({ idle_in_transaction_session_timeout: '30s' });
  });

  it('reconnects its LISTEN session after losing it, and notifications wake subscribers again', async () => {
    const store = storeOn('sessions_listen');
    await store.migrate();
    const received: string[] = [];
    const subscription = store.subscribe(async (event) => void received.push(event.id), {
      consumer: 'listener-probe',
      pollIntervalMs: 60_000, // only a notification can deliver in time
    });
    await subscription.caughtUp;
    const admin = await connect();
    try {
      const listenerPids = async () =>
        (
          await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE application_name = 'event-store-listener'`,
          )
        ).rows;
      const [killed] = await listenerPids();
      await admin.query('SELECT pg_terminate_backend($1)', [killed?.pid]);
      while (!(await listenerPids()).some(({ pid }) => pid !== killed?.pid)) await delay(50);
      const event = anEvent();
      await store.append(aStreamId(), [event], { expectedVersion: 'no-stream' });
      for (let waited = 0; received.length === 0 && waited < 5_000; waited += 20) await delay(20);
      expect(received).toEqual([event.id]);
    } finally {
      await admin.end();
      await store.close();
    }
  });
});

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  return client;
}

function on(client: Client): SqlExecutor {
  return {
    query: async (sql, params = []) => ({ rows: (await client.query(statementText(sql), [...params])).rows }),
  };
}
