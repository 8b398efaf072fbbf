import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PgliteDatabase } from '@studio/sql';
import { createEventStore, eventStoreOn } from './create-event-store';
import { aStreamId, anEvent, idsOf } from './event-store.builders';
import { describeEventStoreContract } from './event-store.contract';

// initdb takes seconds: one in-memory database for the file, a schema per test.
let db: PgliteDatabase;

beforeAll(async () => {
  db = await PgliteDatabase.open();
});

afterAll(async () => {
  await db.close();
});

describeEventStoreContract('PGlite', async (schema) => eventStoreOn(db.scoped(schema), { schema }));

describe('PGlite event store: on disk', () => {
  it('keeps its events in a pglite://<directory> across reopening', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'event-store-'));
    try {
      const url = `pglite://${directory}`;
      const event = anEvent();
      const streamId = aStreamId();
      const writer = await createEventStore(url);
      await writer.migrate();
      await writer.append(streamId, [event], { expectedVersion: 'no-stream' });
      await writer.close();
      const reader = await createEventStore(url);
      expect(idsOf(await reader.readStream(streamId))).toEqual([event.id]);
      await reader.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);
});
