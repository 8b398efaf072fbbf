import { type EventStoreSql } from './event-store.sql';
import { type SqlClient } from './sql-client';

/** Applies the migrations not yet recorded, in one transaction under an advisory lock: idempotent and race-free. */
export async function migrateSchema(client: SqlClient, sql: EventStoreSql): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.query(sql.statements.lockMigrations, [`event-store:${sql.schema}`]);
    for (const text of sql.bootstrap) await tx.query(text);
    const { rows } = await tx.query<{ version: number }>(sql.statements.schemaVersion);
    const applied = rows[0]?.version ?? 0;
    for (const [index, migration] of sql.migrations.entries()) {
      if (index < applied) continue;
      for (const text of migration) await tx.query(text);
      await tx.query(sql.statements.recordMigration, [index + 1]);
    }
  });
}
