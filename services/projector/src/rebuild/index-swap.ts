/**
 * The fresh copy of the client index a rebuild fills beside the live one, and the swap that puts it in place.
 * Only the client rows are rebuilt: `invitation_delivery` comes from mail deliveries, not from client events,
 * and is kept as it is.
 */
import { quoteIdent, type SqlDatabase, type SqlExecutor } from '@studio/sql';
import { LIVE_INDEX, SHADOW_INDEX } from '../client-index/index-target';

/**
 * An empty copy of the live table (columns and primary key, no other index: they are built once the copy is
 * filled, which is much faster than keeping them up row by row) and of its counts, replacing what a failed
 * rebuild left.
 */
export async function createShadow(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await dropShadowIn(tx);
    await tx.query(`CREATE TABLE ${SHADOW_INDEX.table} (LIKE ${LIVE_INDEX.table} INCLUDING DEFAULTS)`);
    await tx.query(`ALTER TABLE ${SHADOW_INDEX.table} ADD PRIMARY KEY (client_id)`);
    await tx.query(`CREATE TABLE ${SHADOW_INDEX.counts} (LIKE ${LIVE_INDEX.counts} INCLUDING ALL)`);
  });
}

export async function dropShadow(db: SqlDatabase): Promise<void> {
  await db.transaction((tx) => dropShadowIn(tx));
}

async function dropShadowIn(tx: SqlExecutor): Promise<void> {
  await tx.query(`DROP TABLE IF EXISTS ${SHADOW_INDEX.table}`);
  await tx.query(`DROP TABLE IF EXISTS ${SHADOW_INDEX.counts}`);
  await tx.query('DELETE FROM projector_checkpoint WHERE name = $1', [SHADOW_INDEX.checkpoint]);
}

/** Index builds at once: each is one sort on one core, and more than the machine's cores only queue for them. */
const INDEX_BUILDS_AT_ONCE = 2;

/** Builds on the filled copy every secondary index the live table has, under names of their own for now. */
export async function indexShadow(db: SqlDatabase): Promise<void> {
  // A fresh table has no statistics (without them the planner guesses, and searches walk the wrong index), and
  // no page marked all-visible (without which no query is answered from an index alone). Done first, while the
  // copy has its primary key only: the vacuum then has one index to clean of the rows the fold replaced, not ten.
  await db.exec(`VACUUM (ANALYZE) ${SHADOW_INDEX.table}`);
  const { rows } = await db.query<IndexDefinition>(
    `SELECT tablename AS "table", indexname AS name, indexdef AS definition FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = $1 AND indexname <> $2`,
    [LIVE_INDEX.table, `${LIVE_INDEX.table}_pkey`],
  );
  const queue = rows.map((index) => shadowIndexDefinition(index, LIVE_INDEX.table, SHADOW_INDEX.table));
  // On PostgreSQL each build takes a connection of its own; PGlite runs them one after another. A failed build
  // stops the others taking more, and the rebuild fails only once none is still running (its discard drops the
  // copy they would be building on).
  let failed = false;
  const builder = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined && !failed; next = queue.shift()) {
      await db.exec(next).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  const builds = await Promise.allSettled(Array.from({ length: INDEX_BUILDS_AT_ONCE }, builder));
  for (const build of builds) if (build.status === 'rejected') throw build.reason;
}

/** `CREATE INDEX a ON s.live USING …` → `CREATE INDEX IF NOT EXISTS a_next ON s.shadow USING …`. */
export function shadowIndexDefinition(index: IndexDefinition, live: string, shadow: string): string {
  return index.definition.replace(
    /^CREATE (UNIQUE )?INDEX (\S+) ON (ONLY )?(\S+\.)?(\S+) /,
    (
      _match,
      unique: string | undefined,
      name: string,
      _only: string | undefined,
      schema: string | undefined,
      table: string,
    ) =>
      `CREATE ${unique ?? ''}INDEX IF NOT EXISTS ${name}_next ON ${schema ?? ''}${table === live ? shadow : table} `,
  );
}

/**
 * Puts the copy in place of the live table (and its counts in place of the live counts), on the caller's
 * transaction; returns its number of clients. Readers and the live consumer wait on the lock for the few
 * statements this takes, then go on with the new tables. Deliveries are not the rows': reads join them from
 * `invitation_delivery`, which both copies share.
 */
export async function swapIn(tx: SqlExecutor): Promise<number> {
  const live = LIVE_INDEX.table;
  const shadow = SHADOW_INDEX.table;
  // A long live transaction must not stall every reader queued behind this lock: give up, and try again.
  await tx.query("SET LOCAL lock_timeout = '5s'");
  // In the live writer's order (a client's row, then the counts), so it never deadlocks with this.
  await tx.query(`LOCK TABLE ${live} IN ACCESS EXCLUSIVE MODE`);
  await tx.query(`LOCK TABLE ${LIVE_INDEX.counts} IN ACCESS EXCLUSIVE MODE`);
  const { rows: indexes } = await tx.query<IndexDefinition>(
    `SELECT tablename AS "table", indexname AS name, indexdef AS definition FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = ANY($1::text[])`,
    [[live, shadow, LIVE_INDEX.counts, SHADOW_INDEX.counts]],
  );
  for (const [from, to] of [
    [live, shadow],
    [LIVE_INDEX.counts, SHADOW_INDEX.counts],
  ] as const) {
    await tx.query(`DROP TABLE ${from}`);
    await tx.query(`ALTER TABLE ${to} RENAME TO ${from}`);
    for (const [oldName, newName] of indexRenames(indexes, from, to))
      await tx.query(`ALTER INDEX ${quoteIdent(oldName)} RENAME TO ${quoteIdent(newName)}`);
  }
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
 * The copy's indexes have names of their own (`…_next`, `…_rebuild_pkey`): each takes the name of the live
 * index with the same definition, so migrations keep finding indexes by the names they gave them.
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
