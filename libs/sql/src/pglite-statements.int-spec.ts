import { PGlite } from '@electric-sql/pglite';
import { PgliteStatements } from './pglite-statements';

/** Prepared statements on PGlite answer exactly what its own `query` does, and stay right as things change. */
describe('PGlite prepared statements', () => {
  let pglite: PGlite;

  beforeAll(async () => {
    pglite = await PGlite.create();
    await pglite.exec(`CREATE TABLE kinds (k text PRIMARY KEY, n integer, doc jsonb, at timestamptz, tags text[]);
      CREATE SCHEMA a; CREATE SCHEMA b;
      CREATE TABLE a.t (v text); INSERT INTO a.t VALUES ('in a');
      CREATE TABLE b.t (v text); INSERT INTO b.t VALUES ('in b');`);
  });
  afterAll(() => pglite.close());

  it('binds and parses every kind of value as PGlite query does, time after time', async () => {
    const statements = new PgliteStatements(pglite);
    const insert = 'INSERT INTO kinds (k, n, doc, at, tags) VALUES ($1, $2, $3, $4, $5) RETURNING *';
    const at = new Date('2026-12-01T10:00:00.123Z');
    const rows = [
      ['one', 1, { nested: ['x', 2] }, at, ['a', 'b c', 'd"e']],
      ['two', null, null, null, null],
      ['three', 3, [1, 2], at, []],
    ];
    for (const values of rows) await statements.run('', insert, values, false);
    const select = 'SELECT * FROM kinds WHERE k = ANY($1::text[]) ORDER BY k';
    const ours = await statements.run('', select, [['one', 'two', 'three']], false);
    expect(await statements.run('', select, [['one', 'two', 'three']], false)).toEqual(ours);
    expect(ours).toEqual((await pglite.query(select, [['one', 'two', 'three']])).rows);
    expect(ours[0]).toEqual({ k: 'one', n: 1, doc: { nested: ['x', 2] }, at, tags: ['a', 'b c', 'd"e'] });
  });

  it('carries a refusal with its SQLSTATE and constraint', async () => {
    const statements = new PgliteStatements(pglite);
    const insert = 'INSERT INTO kinds (k) VALUES ($1)';
    await statements.run('', insert, ['taken'], false);
    await expect(statements.run('', insert, ['taken'], false)).rejects.toMatchObject({
      code: '23505',
      constraint: 'kinds_pkey',
    });
    // The statement is still good after a refusal.
    await expect(statements.run('', insert, ['free'], false)).resolves.toEqual([]);
  });

  it('keeps each schema its own plan of the same text', async () => {
    const statements = new PgliteStatements(pglite);
    const read = 'SELECT v FROM t';
    for (const schema of ['a', 'b', 'a', 'b']) {
      await pglite.exec(`SET search_path TO ${schema}`);
      expect(await statements.run(schema, read, [], false)).toEqual([{ v: `in ${schema}` }]);
    }
    await pglite.exec('SET search_path TO public');
  });

  it('plans a statement again when a migration changed what it returns', async () => {
    const statements = new PgliteStatements(pglite);
    await pglite.exec('CREATE TABLE grows (id int); INSERT INTO grows VALUES (1)');
    expect(await statements.run('', 'SELECT * FROM grows', [], false)).toEqual([{ id: 1 }]);
    await pglite.exec("ALTER TABLE grows ADD COLUMN note text DEFAULT 'new'");
    expect(await statements.run('', 'SELECT * FROM grows', [], false)).toEqual([{ id: 1, note: 'new' }]);
  });

  it('lets the oldest go past its capacity and still runs every statement', async () => {
    const statements = new PgliteStatements(pglite, 2);
    const texts = [1, 2, 3, 4, 5].map((n) => `SELECT ${n}::int + $1::int AS n`);
    for (const round of [0, 1])
      for (const [i, text] of texts.entries())
        expect(await statements.run('', text, [round], false)).toEqual([{ n: i + 1 + round }]);
    const { rows } = await pglite.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE 'SELECT _::int + $1::int%'",
    );
    expect(rows[0]?.n).toBeLessThanOrEqual(2);
  });
});
