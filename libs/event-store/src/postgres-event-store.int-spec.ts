import { Client } from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import { freshDatabase } from '@studio/testing';
import { createEventStore } from './create-event-store';
import { aStreamId, anEvent, idsOf } from './event-store.builders';
import { describeEventStoreContract } from './event-store.contract';
import { eventStoreSql } from './event-store.sql';
import { appendEvents } from './sql-append';

let database: { url: string; drop: () => Promise<void> };

beforeAll(async () => {
  database = await freshDatabase('es_test');
});

afterAll(async () => {
  await database.drop();
});

const storeOn = (schema: string) => createEventStore(database.url, { schema });

describeEventStoreContract('PostgreSQL', storeOn, {
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
  it('wakes its watchers again after losing its LISTEN session', async () => {
    const store = await storeOn('sessions_listen');
    await store.migrate();
    let wakeUps = 0;
    const unwatch = await store.watch(() => wakeUps++);
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
      const before = wakeUps;
      // Another session's append: only a NOTIFY on the new LISTEN session can wake this store.
      await admin.query(`NOTIFY sessions_listen_appended`);
      for (let waited = 0; wakeUps === before && waited < 5_000; waited += 20) await delay(20);
      expect(wakeUps).toBeGreaterThan(before);
    } finally {
      await unwatch();
      await admin.end();
      await store.close();
    }
  });

  it('adopts a store made by the earlier version, with its own ledger, keeping its events', async () => {
    const admin = await connect();
    const schema = 'legacy_ledger';
    const sql = eventStoreSql(schema);
    try {
      // What the earlier version left: its tables, and a ledger with a `version` column under the same name.
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.query(sql.migrations[0]!.sql);
      await admin.query(`CREATE TABLE ${schema}.checkpoints (consumer text PRIMARY KEY)`);
      await admin.query(`CREATE TABLE ${schema}.schema_migrations (version integer PRIMARY KEY)`);
      await admin.query(`INSERT INTO ${schema}.schema_migrations VALUES (1)`);
      const event = anEvent();
      const streamId = aStreamId();
      await appendEvents(on(admin), sql, streamId, [event], { expectedVersion: 'no-stream' });
      const store = await storeOn(schema);
      await store.migrate();
      await store.migrate();
      expect(idsOf(await store.readStream(streamId))).toEqual([event.id]);
      const tables = await admin.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
        [schema],
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual([
        'events',
        'reservations',
        'schema_migrations',
      ]);
      await store.close();
    } finally {
      await admin.end();
    }
  });
});

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  return client;
}

function on(client: Client) {
  const run = async (sql: string | { text: string }, params: readonly unknown[] = []) => ({
    rows: (await client.query(typeof sql === 'string' ? sql : sql.text, [...params])).rows,
  });
  return { query: run, exec: async (sql: string) => void (await client.query(sql)) };
}
