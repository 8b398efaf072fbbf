/**
 * Append throughput on the local PostgreSQL, in a database of its own (dropped at the end):
 *   node -r @swc-node/register libs/event-store/bench/append.bench.ts
 * Single appends (8 writers, each on its own stream, one event per transaction) against raw INSERTs of the same
 * rows with the same commit pattern into a plain table, then batched appends (100 events an append).
 * Set TEST_DATABASE_URL to use another server.
 */
import { Pool } from 'pg';
import { anEvent, aStreamId, someEvents } from '../src/event-store.builders';
import { type EventStore } from '../src/event-store.port';
import { freshDatabase } from '@studio/testing';
import { createEventStore } from '../src/create-event-store';

const WRITERS = 8;
const SINGLES_PER_WRITER = 1_500;
const BATCH_SIZE = 100;
const BATCHES_PER_WRITER = 100;
const ROUNDS = 5;

// The event store's columns, without its constraints, indexes and checks.
const RAW_TABLE = `CREATE TABLE raw_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id text NOT NULL,
  stream_version integer NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now())`;

const RAW_INSERT = {
  name: 'raw_insert',
  text: `INSERT INTO raw_events (stream_id, stream_version, event_id, type, data, metadata)
         VALUES ($1, $2, $3, $4, $5, $6)`,
};

/** Runs `steps` steps on each writer at once, each writing `eventsPerStep` events; answers events per second. */
async function measure(
  label: string,
  steps: number,
  eventsPerStep: number,
  step: (stream: string, index: number) => Promise<unknown>,
): Promise<number> {
  const streams = Array.from({ length: WRITERS }, aStreamId);
  const started = process.hrtime.bigint();
  await Promise.all(
    streams.map(async (stream) => {
      for (let index = 0; index < steps; index++) await step(stream, index);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const events = WRITERS * steps * eventsPerStep;
  const rate = events / seconds;
  console.log(`${label}: ${events} events in ${seconds.toFixed(2)} s = ${Math.round(rate)} events/s`);
  return rate;
}

function rawInserts(pool: Pool, perWriter = SINGLES_PER_WRITER) {
  return measure('raw INSERT, 1 row a transaction', perWriter, 1, (stream, version) => {
    const { id, type, data, metadata } = anEvent();
    return pool.query({ ...RAW_INSERT, values: [stream, version, id, type, data, metadata] });
  });
}

function singleAppends(store: EventStore, perWriter = SINGLES_PER_WRITER) {
  return measure('append, 1 event a transaction', perWriter, 1, (stream, version) =>
    store.append(stream, [anEvent()], { expectedVersion: version === 0 ? 'no-stream' : version - 1 }),
  );
}

function batchedAppends(store: EventStore) {
  return measure(
    `append, ${BATCH_SIZE} events a transaction`,
    BATCHES_PER_WRITER,
    BATCH_SIZE,
    (stream, batch) =>
      store.append(stream, someEvents(BATCH_SIZE), {
        expectedVersion: batch === 0 ? 'no-stream' : batch * BATCH_SIZE - 1,
      }),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const database = await freshDatabase('es_bench');
  const store = await createEventStore(database.url, { poolSize: WRITERS + 1 });
  const pool = new Pool({ connectionString: database.url, max: WRITERS + 1 });
  pool.on('error', () => undefined); // the final DROP DATABASE … WITH (FORCE) may reach a session still closing
  try {
    await store.migrate();
    await pool.query(RAW_TABLE);
    console.log('warm-up');
    await rawInserts(pool, 100);
    await singleAppends(store, 100);
    const raw: number[] = [];
    const single: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}/${ROUNDS}`);
      // Alternate which goes first, so drift (checkpoints, autovacuum) does not favour one side.
      if (round % 2) {
        raw.push(await rawInserts(pool));
        single.push(await singleAppends(store));
      } else {
        single.push(await singleAppends(store));
        raw.push(await rawInserts(pool));
      }
    }
    const batched = await batchedAppends(store);
    const [s, r] = [median(single), median(raw)];
    console.log(`medians: append ${Math.round(s)} events/s, raw INSERT ${Math.round(r)} events/s`);
    console.log(
      `event-store append: ${Math.round(s)} events/s single, ${Math.round(batched)} events/s batched, ${(s / r).toFixed(2)} of raw INSERT`,
    );
  } finally {
    await store.close();
    await pool.end();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
