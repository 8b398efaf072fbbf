import type { Migration, SqlDatabase } from './sql-database.port';

/**
 * Applies the component's migrations that this database has not seen, in order, in one transaction under an
 * advisory lock: safe to run twice, and from two processes starting at once.
 */
export async function migrate(
  db: SqlDatabase,
  component: string,
  migrations: readonly Migration[],
): Promise<void> {
  const createLedger = () =>
    db.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         component text NOT NULL, id integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (component, id))`,
    );
  // Two processes creating the ledger at the same moment: one loses the race on the catalog, and its second
  // try finds the table there. Any other failure happens again and is thrown.
  await createLedger().catch(createLedger);
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrate:${component}`]);
    const { rows } = await tx.query<{ id: number }>('SELECT id FROM schema_migrations WHERE component = $1', [
      component,
    ]);
    const applied = new Set(rows.map((row) => row.id));
    for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
      if (applied.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (component, id) VALUES ($1, $2)', [
        component,
        migration.id,
      ]);
    }
  });
}
