import { freshDatabase } from '@studio/testing';
import { createDatabase } from './create-database';
import type { SqlDatabase } from './sql-database.port';

describe.each([
  ['PostgreSQL', async () => freshDatabase('transaction')],
  ['PGlite', async () => ({ url: 'pglite://memory', drop: async () => undefined })],
])('a transaction (%s)', (_adapter, openUrl) => {
  let db: SqlDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openUrl();
    drop = opened.drop;
    db = await createDatabase(opened.url, { schema: 'tx' });
    await db.exec('CREATE TABLE counts (id int PRIMARY KEY, n int NOT NULL)');
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  const setting = (tx: Pick<SqlDatabase, 'query'>) =>
    tx.query<{ value: string }>("SELECT current_setting('synchronous_commit') AS value");

  it('with an unflushed commit turns synchronous_commit off for itself alone, and commits', async () => {
    const inside = await db.transaction(
      async (tx) => {
        await tx.query('INSERT INTO counts VALUES (1, 1)');
        return (await setting(tx)).rows[0]?.value;
      },
      { unflushedCommit: true },
    );
    expect(inside).toBe('off');
    expect(await db.transaction(async (tx) => (await setting(tx)).rows[0]?.value)).toBe('on');
    expect((await db.query('SELECT n FROM counts WHERE id = 1')).rows).toEqual([{ n: 1 }]);
  });
});
