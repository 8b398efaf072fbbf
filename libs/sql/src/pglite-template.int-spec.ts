import { PGlite } from '@electric-sql/pglite';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PgliteDatabase } from './pglite-database';

/** A fresh embedded start copies an empty database (as `npm ci` makes one) instead of running initdb. */
describe('a PGlite database opened from a template', () => {
  let root: string;
  let template: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'pglite-template-'));
    template = path.join(root, 'template');
    await (await PGlite.create(template)).close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const tableIn = async (db: PgliteDatabase) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_tables WHERE tablename = $1', ['kept']))
      .rows[0]?.n;

  it('is a working database in a folder that did not exist, with nothing left beside it', async () => {
    const dataDir = path.join(root, 'new', 'pglite');
    const db = await PgliteDatabase.open(dataDir, { template });
    await db.exec('CREATE TABLE kept (id int)');
    await db.close();

    const again = await PgliteDatabase.open(dataDir);
    expect(await tableIn(again)).toBe(1);
    await again.close();
    expect(readdirSync(path.join(root, 'new'))).toEqual(['pglite']);
  });

  it('fills an empty folder', async () => {
    const dataDir = path.join(root, 'empty');
    mkdirSync(dataDir);
    const db = await PgliteDatabase.open(dataDir, { template });
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await db.close();
  });

  it('opens the database a folder holds already, never copying over it', async () => {
    const dataDir = path.join(root, 'existing');
    const first = await PgliteDatabase.open(dataDir, { template });
    await first.exec('CREATE TABLE kept (id int)');
    await first.close();

    const second = await PgliteDatabase.open(dataDir, { template });
    expect(await tableIn(second)).toBe(1);
    await second.close();
  });

  it('leaves a folder holding something else to PGlite (its initdb), copying nothing over it', async () => {
    const dataDir = path.join(root, 'other');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'notes.txt'), 'not a database');
    const db = await PgliteDatabase.open(dataDir, { template });
    await db.close();
    expect(readFileSync(path.join(dataDir, 'notes.txt'), 'utf8')).toBe('not a database');
    expect(readdirSync(root).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});
