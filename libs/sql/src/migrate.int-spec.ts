import { freshDatabase } from '@studio/testing';
import { createDatabase } from './create-database';
import { migrate } from './migrate';
import type { Migration, SqlDatabase } from './sql-database.port';

const migrations: Migration[] = [
  { id: 1, sql: 'CREATE TABLE things (id int PRIMARY KEY)' },
  { id: 2, sql: 'ALTER TABLE things ADD COLUMN name text; INSERT INTO things VALUES (1, $$one$$)' },
];

describe('migrate', () => {
  let drop: () => Promise<void>;
  const open: SqlDatabase[] = [];
  let url: string;

  beforeAll(async () => {
    ({ url, drop } = await freshDatabase('migrate'));
  });
  afterAll(async () => {
    await Promise.all(open.map((db) => db.close()));
    await drop();
  });

  const connect = async () => {
    const db = await createDatabase(url, { schema: 'svc' });
    open.push(db);
    return db;
  };

  it('applies each migration once, even from several processes starting at the same moment', async () => {
    const dbs = await Promise.all([connect(), connect(), connect()]);
    await Promise.all(dbs.map((db) => migrate(db, 'svc', migrations)));
    await migrate(dbs[0], 'svc', migrations);
    const { rows } = await dbs[0].query<{ id: number; name: string }>('SELECT id, name FROM things');
    expect(rows).toEqual([{ id: 1, name: 'one' }]);
  });

  it('applies only what is new', async () => {
    const db = await connect();
    await migrate(db, 'svc', [...migrations, { id: 3, sql: 'INSERT INTO things VALUES (2, $$two$$)' }]);
    const { rows } = await db.query('SELECT id FROM things ORDER BY id');
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
  });
});
