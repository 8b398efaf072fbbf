import { createDatabase, migrate, PgliteDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { projectorMigrations } from '../projector.migrations';
import { describeClientIndexContract } from './client-index.contract';
import { SqlClientIndex } from './sql-client-index.repository';

// A schema per test, migrated as the service migrates its own.
let schemas = 0;
const onSchema = async (db: SqlDatabase) => {
  await migrate(db, 'projector', projectorMigrations);
  return new SqlClientIndex(db);
};

describe('on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    database = await freshDatabase('client_index');
  });
  afterAll(() => database.drop());

  describeClientIndexContract('PostgreSQL', async () => {
    const db = await createDatabase(database.url, { schema: `contract_${++schemas}` });
    return { index: await onSchema(db), close: () => db.close() };
  });
});

describe('on PGlite', () => {
  // initdb takes seconds: one in-memory database for the file.
  let pglite: PgliteDatabase;
  beforeAll(async () => {
    pglite = await PgliteDatabase.open();
  });
  afterAll(() => pglite.close());

  describeClientIndexContract('PGlite', async () => ({
    index: await onSchema(pglite.scoped(`contract_${++schemas}`)),
    close: async () => undefined,
  }));
});
