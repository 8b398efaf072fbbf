/**
 * The fresh copy of the read model a rebuild fills beside the live one, and the swap that puts it in place.
 * The copy's indexes are the live ones' under `<name>_next`, renamed to the live names once swapped in.
 */
import type { SqlDatabase, SqlExecutor } from '@studio/sql';
import type { ReadModelCopy } from './project-memberships.repository';

/** The tables of each copy. */
export const TABLES = {
  live: { projects: 'projects', members: 'project_members' },
  shadow: { projects: 'projects_rebuild', members: 'project_members_rebuild' },
} as const satisfies Record<ReadModelCopy, { projects: string; members: string }>;

const LIVE = TABLES.live;
const SHADOW = TABLES.shadow;

/** Every index of the live tables (projects.migrations.ts): [table, index name, columns]. */
const INDEXES = [
  [LIVE.projects, 'projects_newest_first', '(studio_id, created_at DESC, project_id DESC)'],
  [LIVE.members, 'project_members_by_client', '(studio_id, client_id)'],
] as const;
const KEYS = [
  [LIVE.projects, SHADOW.projects, 'projects_pkey', '(project_id)'],
  [LIVE.members, SHADOW.members, 'project_members_pkey', '(project_id, client_id)'],
] as const;
const shadowOf = (table: string) => (table === LIVE.projects ? SHADOW.projects : SHADOW.members);

/** Empty copies of the live tables, replacing what a failed rebuild left. */
export async function createShadow(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await dropShadowIn(tx);
    for (const [live, shadow, key, columns] of KEYS) {
      await tx.query(`CREATE TABLE ${shadow} (LIKE ${live} INCLUDING DEFAULTS)`);
      await tx.query(`ALTER TABLE ${shadow} ADD CONSTRAINT ${key}_next PRIMARY KEY ${columns}`);
    }
    for (const [table, name, columns] of INDEXES)
      await tx.query(`CREATE INDEX ${name}_next ON ${shadowOf(table)} ${columns}`);
  });
}

export async function dropShadow(db: SqlDatabase): Promise<void> {
  await db.transaction((tx) => dropShadowIn(tx));
}

async function dropShadowIn(tx: SqlExecutor): Promise<void> {
  await tx.query(`DROP TABLE IF EXISTS ${SHADOW.projects}`);
  await tx.query(`DROP TABLE IF EXISTS ${SHADOW.members}`);
}

/**
 * Puts the copies in place of the live tables, on the caller's transaction; answers the number of projects.
 * Writers and readers wait on the lock for the few statements this takes, then go on with the new tables.
 */
export async function swapIn(tx: SqlExecutor): Promise<number> {
  // A long live transaction must not stall every reader queued behind this lock: give up, and try again.
  await tx.query("SET LOCAL lock_timeout = '5s'");
  // In the live writers' order (a project's row, then its members), so none of them deadlocks with this.
  await tx.query(`LOCK TABLE ${LIVE.projects}, ${LIVE.members} IN ACCESS EXCLUSIVE MODE`);
  for (const [live, shadow, key] of KEYS) {
    await tx.query(`DROP TABLE ${live}`);
    await tx.query(`ALTER TABLE ${shadow} RENAME TO ${live}`);
    await tx.query(`ALTER INDEX ${key}_next RENAME TO ${key}`);
  }
  for (const [, name] of INDEXES) await tx.query(`ALTER INDEX ${name}_next RENAME TO ${name}`);
  const { rows } = await tx.query<{ count: string | number }>(
    `SELECT count(*) AS count FROM ${LIVE.projects}`,
  );
  return Number(rows[0]?.count ?? 0);
}
