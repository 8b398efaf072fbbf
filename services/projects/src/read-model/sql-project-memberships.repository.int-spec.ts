import { createDatabase, migrate, PgliteDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { projectsMigrations } from '../projects.migrations';
import { describeProjectMembershipsContract } from './project-memberships.contract';
import { SqlProjectMemberships } from './sql-project-memberships.repository';

// A schema per test, migrated as the service migrates its own.
let schemas = 0;
const onSchema = async (db: SqlDatabase) => {
  await migrate(db, 'projects', projectsMigrations);
  return new SqlProjectMemberships(db);
};

describe('on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    database = await freshDatabase('project_memberships');
  });
  afterAll(() => database.drop());

  describeProjectMembershipsContract('PostgreSQL', async () => {
    const db = await createDatabase(database.url, { schema: `contract_${++schemas}` });
    return { repository: await onSchema(db), close: () => db.close() };
  });
});

describe('on PGlite', () => {
  // initdb takes seconds: one in-memory database for the file.
  let pglite: PgliteDatabase;
  beforeAll(async () => {
    pglite = await PgliteDatabase.open();
  });
  afterAll(() => pglite.close());

  describeProjectMembershipsContract('PGlite', async () => ({
    repository: await onSchema(pglite.scoped(`contract_${++schemas}`)),
    close: async () => undefined,
  }));
});
