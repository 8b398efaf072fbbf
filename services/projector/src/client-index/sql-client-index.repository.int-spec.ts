import { createDatabase, migrate, PgliteDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { projectorMigrations } from '../projector.migrations';
import { aClientStream } from '../testing/published-events.builders';
import { describeClientIndexContract } from './client-index.contract';
import { clientEventOf } from './client-projection';
import { SqlClientIndex } from './sql-client-index.repository';

const STUDIO = 'studio-a';

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
    // Analyzed by the test alone, when it says.
    pglite = await PgliteDatabase.open(undefined, { analyzeEveryMs: 0 });
  });
  afterAll(() => pglite.close());

  describeClientIndexContract('PGlite', async () => ({
    index: await onSchema(pglite.scoped(`contract_${++schemas}`)),
    close: async () => undefined,
  }));

  it('keeps a search on the indexes as the client index grows from empty, once grown tables are analyzed', async () => {
    const schema = `grows_${++schemas}`;
    const db = pglite.scoped(schema);
    const index = await onSchema(db);
    const fold = async (count: number) => {
      for (let done = 0; done < count; done += 500) {
        const added = Array.from({ length: Math.min(500, count - done) }, (_, i) =>
          aClientStream(STUDIO, { firstName: 'Ana', lastName: `Lima ${done + i}` }).added(),
        );
        await index.fold(
          'live',
          added.map((published) => ({ published, event: clientEventOf(published)! })),
        );
      }
    };
    const search = () => index.page({ studioId: STUDIO, sort: 'lastName', limit: 25, q: 'lima 12' });
    /** Whole-table reads of the client index by one search. */
    const seqScansOfSearch = async () => {
      const scans = async () => {
        await db.query('SELECT pg_stat_force_next_flush()');
        const { rows } = await db.query<{ seq_scan: string }>(
          `SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'client_index' AND schemaname = current_schema()`,
        );
        return Number(rows[0]?.seq_scan);
      };
      const before = await scans();
      await search();
      return (await scans()) - before;
    };

    await fold(10);
    for (let run = 0; run < 8; run++) await search(); // PostgreSQL settles on a plan for a nearly empty table
    await fold(3_000);
    expect(await seqScansOfSearch()).toBe(1);
    expect(await pglite.analyzeGrownTables()).toContain(`${schema}.client_index`);
    expect(await seqScansOfSearch()).toBe(0);
    expect((await search()).rows.map((row) => row.record.lastName)).toContain('Lima 12');

    // And the plain list, prepared anew after the analysis, settles on one plan instead of planning every run.
    for (let run = 0; run < 10; run++) await index.page({ studioId: STUDIO, sort: 'lastName', limit: 25 });
    const { rows: plans } = await db.query<{ generic_plans: string; custom_plans: string }>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements
        WHERE statement LIKE 'SELECT head.counts%' AND statement NOT LIKE '%LIKE%'`,
    );
    expect(plans.map((plan) => [Number(plan.generic_plans) > 0, Number(plan.custom_plans) <= 5])).toEqual([
      [true, true],
    ]);
  });
});
