/**
 * The fresh copy of the client index a rebuild fills beside the live one, and the swap that puts it in place.
 * Only the client rows are rebuilt: `invitation_delivery` comes from mail deliveries, not from client events,
 * and is kept as it is.
 */
import { quoteIdent, type SqlDatabase, type SqlExecutor } from '@studio/sql';
import { type IndexTarget, LIVE_INDEX } from '../client-index/client-index.writer';

export const SHADOW_INDEX: IndexTarget = {
  table: 'client_index_rebuild',
  checkpoint: 'client-index-rebuild',
};

/** An empty copy of the live table (columns, keys, indexes), replacing what a failed rebuild left. */
export async function createShadow(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`DROP TABLE IF EXISTS ${SHADOW_INDEX.table}`);
    await tx.query(`CREATE TABLE ${SHADOW_INDEX.table} (LIKE ${LIVE_INDEX.table} INCLUDING ALL)`);
    await tx.query('DELETE FROM projector_checkpoint WHERE name = $1', [SHADOW_INDEX.checkpoint]);
  });
}

export async function dropShadow(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`DROP TABLE IF EXISTS ${SHADOW_INDEX.table}`);
    await tx.query('DELETE FROM projector_checkpoint WHERE name = $1', [SHADOW_INDEX.checkpoint]);
  });
}

/**
 * Puts the copy in place of the live table, on the caller's transaction; returns its number of clients.
 * Readers and the live consumer wait on the lock for the few statements this takes, then go on with the new
 * table. Deliveries reported while the copy was filled are taken over from `invitation_delivery`, as the
 * live writer does when it records one.
 */
export async function swapIn(tx: SqlExecutor): Promise<number> {
  const live = LIVE_INDEX.table;
  const shadow = SHADOW_INDEX.table;
  // A long live transaction must not stall every reader queued behind this lock: give up, and try again.
  await tx.query("SET LOCAL lock_timeout = '5s'");
  // In the live writers' order (a client's row, then the deliveries), so none of them deadlocks with this.
  await tx.query(`LOCK TABLE ${live} IN ACCESS EXCLUSIVE MODE`);
  await tx.query('LOCK TABLE invitation_delivery IN SHARE MODE');
  await tx.query(
    `UPDATE ${shadow} c SET delivery = d.status FROM invitation_delivery d
     WHERE c.invitation_id = d.invitation_id AND c.delivery IS DISTINCT FROM d.status`,
  );
  const { rows: indexes } = await tx.query<IndexDefinition>(
    `SELECT tablename AS "table", indexname AS name, indexdef AS definition FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename IN ($1, $2)`,
    [live, shadow],
  );
  await tx.query(`DROP TABLE ${live}`);
  await tx.query(`ALTER TABLE ${shadow} RENAME TO ${live}`);
  for (const [from, to] of indexRenames(indexes, live, shadow))
    await tx.query(`ALTER INDEX ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`);
  // The copy's checkpoint becomes the live one; the catch-up that follows moves it on.
  await tx.query(
    `INSERT INTO projector_checkpoint (name, position, events)
       SELECT $1, position, events FROM projector_checkpoint WHERE name = $2
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, events = EXCLUDED.events, updated_at = now()`,
    [LIVE_INDEX.checkpoint, SHADOW_INDEX.checkpoint],
  );
  await tx.query('DELETE FROM projector_checkpoint WHERE name = $1', [SHADOW_INDEX.checkpoint]);
  const { rows } = await tx.query<{ count: string | number }>(`SELECT count(*) AS count FROM ${live}`);
  return Number(rows[0]?.count ?? 0);
}

export interface IndexDefinition {
  readonly table: string;
  readonly name: string;
  readonly definition: string;
}

/**
 * The copy's indexes got generated names (`LIKE … INCLUDING ALL`): each takes the name of the live index with
 * the same definition, so migrations keep finding indexes by the names they gave them.
 */
export function indexRenames(
  indexes: readonly IndexDefinition[],
  live: string,
  shadow: string,
): [from: string, to: string][] {
  const liveByShape = new Map(
    indexes.filter((index) => index.table === live).map((index) => [shapeOf(index), index.name]),
  );
  return indexes.flatMap((index): [string, string][] => {
    const name = index.table === shadow ? liveByShape.get(shapeOf(index)) : undefined;
    return name === undefined || name === index.name ? [] : [[index.name, name]];
  });
}

/** `CREATE INDEX <name> ON <schema>.<table> USING …` without the name and the table. */
const shapeOf = (index: IndexDefinition): string =>
  index.definition.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+ /, 'CREATE $1INDEX ON ');
