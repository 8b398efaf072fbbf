import { PgliteDatabase } from './pglite-database';

/** PGlite has no autovacuum: the database analyzes the tables that grew, about once per doubling of each. */
describe('PGlite analyzes its grown tables', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await PgliteDatabase.open(undefined, { analyzeEveryMs: 0 });
    await db.scoped('grows').exec(`CREATE TABLE rows (id integer PRIMARY KEY, pad text NOT NULL);
      CREATE TABLE stays (id integer PRIMARY KEY)`);
  });
  afterAll(() => db.close());

  const insert = (from: number, count: number) =>
    db
      .scoped('grows')
      .query(
        `INSERT INTO rows SELECT g, repeat('x', 200) FROM generate_series($1::integer, $2::integer) AS g`,
        [from, from + count - 1],
      );

  it('analyzes a table once it is twice the size it was analyzed at, and only then', async () => {
    await insert(1, 10);
    expect(await db.analyzeGrownTables()).toEqual([]); // a page: too small to matter
    await insert(11, 2_000);
    expect(await db.analyzeGrownTables()).toEqual(['grows.rows']);
    expect(await db.analyzeGrownTables()).toEqual([]);
    await insert(3_000, 500);
    expect(await db.analyzeGrownTables()).toEqual([]); // a quarter more
    await insert(4_000, 2_000);
    expect(await db.analyzeGrownTables()).toEqual(['grows.rows']);
  });
});
