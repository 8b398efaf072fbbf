import { freshDatabase } from '@studio/testing';
import { createDatabase } from './create-database';
import type { SqlDatabase, SqlExecutor, SqlStatement } from './sql-database.port';

const cached: SqlStatement = {
  name: 'kept.read',
  text: 'SELECT id, tags FROM kept WHERE id = ANY($1::text[]) ORDER BY id',
};
// Another text for the same query: PGlite keys its prepared statements by text, so with the mark ignored the
// two would share one statement and the test could not tell.
const eachRun: SqlStatement = {
  name: 'kept.read-each-run',
  text: cached.text.replace('ORDER BY id', 'ORDER BY id ASC'),
  plan: 'each-run',
};

/** The statements prepared on the connection `tx` runs on, by text, with the plans PostgreSQL kept for them. */
async function preparedOf(tx: SqlExecutor): Promise<{ text: string; generic: number }[]> {
  const { rows } = await tx.query<{ statement: string; generic_plans: string }>(
    'SELECT statement, generic_plans FROM pg_prepared_statements',
  );
  return rows.map((row) => ({ text: row.statement, generic: Number(row.generic_plans) }));
}

/**
 * A statement marked `plan: 'each-run'` answers as the cached one does, but PostgreSQL keeps no statement and no
 * plan of it: each run is planned with its own values, whatever size the table had when it first ran.
 */
describe.each([
  ['PostgreSQL', 'postgres'],
  ['PGlite', 'pglite'],
] as const)('statements planned at each run, on %s', (_name, kind) => {
  let db: SqlDatabase;
  let drop: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const url =
      kind === 'postgres'
        ? await freshDatabase('plan_each_run').then((fresh) => {
            drop = fresh.drop;
            return fresh.url;
          })
        : 'pglite://memory';
    db = await createDatabase(url, { schema: 'plans' });
    await db.exec(`CREATE TABLE kept (id text PRIMARY KEY, tags text[] NOT NULL)`);
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  it('answers as the cached statement does, and leaves no plan behind however often it runs', async () => {
    const ids = ['a', 'b', 'c'];
    await db.query('INSERT INTO kept SELECT id, ARRAY[id, upper(id)] FROM unnest($1::text[]) AS id', [ids]);
    await db.transaction(async (tx) => {
      // Past the five runs after which PostgreSQL may settle on a generic plan of a prepared statement.
      for (let run = 0; run < 8; run++) {
        const [kept, fresh] = [await tx.query(cached, [ids]), await tx.query(eachRun, [ids])];
        expect(fresh.rows).toEqual(kept.rows);
        expect(fresh.rows).toEqual(ids.map((id) => ({ id, tags: [id, id.toUpperCase()] })));
      }
      const prepared = await preparedOf(tx);
      expect(prepared.filter((statement) => statement.text === cached.text)).toEqual([
        { text: cached.text, generic: expect.any(Number) as number },
      ]);
      // The unnamed statement is never listed: nothing of it outlives its run.
      expect(
        prepared.filter(
          (statement) => statement.text !== cached.text && statement.text.includes('FROM kept'),
        ),
      ).toEqual([]);
    });
  });

  it('reports a refusal as the cached statement does', async () => {
    const insert: SqlStatement = {
      name: 'kept.insert',
      plan: 'each-run',
      text: 'INSERT INTO kept (id, tags) VALUES ($1, $2)',
    };
    await db.query(insert, ['d', []]);
    await expect(db.query(insert, ['d', []])).rejects.toMatchObject({ code: '23505' });
    await expect(db.query(insert, ['e', ['x']])).resolves.toEqual({ rows: [] });
  });
});

/**
 * `genericPlans` (the event store's pool): a named statement is planned once per session, even one whose plans
 * with values look cheaper (a CASE on a parameter folds away), which PostgreSQL would otherwise re-plan each run.
 */
describe('generic plans on PostgreSQL', () => {
  const caseOnParameter: SqlStatement = {
    name: 'kept.case',
    text: 'SELECT CASE WHEN $1::integer IS NOT NULL THEN $1::integer ELSE (SELECT count(*)::integer FROM kept) END AS n',
  };
  let database: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    database = await freshDatabase('generic_plans');
  });
  afterAll(() => database.drop());

  const plansAfterTenRuns = async (genericPlans: boolean) => {
    const db = await createDatabase(database.url, { schema: 'plans', genericPlans });
    try {
      await db.exec('CREATE TABLE IF NOT EXISTS kept (id text PRIMARY KEY)');
      return await db.transaction(async (tx) => {
        for (let run = 0; run < 10; run++)
          expect((await tx.query(caseOnParameter, [run])).rows).toEqual([{ n: run }]);
        const { rows } = await tx.query<{ generic_plans: string; custom_plans: string }>(
          'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1',
          [caseOnParameter.name],
        );
        return { generic: Number(rows[0]?.generic_plans), custom: Number(rows[0]?.custom_plans) };
      });
    } finally {
      await db.close();
    }
  };

  it('plans such a statement once with genericPlans, and at every run without', async () => {
    expect(await plansAfterTenRuns(true)).toEqual({ generic: 10, custom: 0 });
    expect(await plansAfterTenRuns(false)).toEqual({ generic: 0, custom: 10 });
  });
});
