import type { PGlite } from '@electric-sql/pglite';

/** How often PGlite's tables are looked at (PostgreSQL's autovacuum looks every minute). */
export const ANALYZE_EVERY_MS = 30_000;

/**
 * Tables at least twice the size last measured (`relpages`, set by ANALYZE, VACUUM and CREATE INDEX), and past a
 * few pages. Doubling keeps the analyses few (about one per doubling of a table) while no plan is made for a
 * table more than twice smaller than it is.
 */
const GROWN_TABLES = `SELECT format('%I.%I', n.nspname, c.relname) AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
    AND pg_relation_size(c.oid) >= 2 * current_setting('block_size')::bigint * greatest(c.relpages, 4)
  ORDER BY 1`;

/**
 * PGlite runs PostgreSQL without autovacuum, so nothing else ever analyzes its tables: the plans of prepared
 * statements, made while a table was nearly empty, would be kept as it grows to 100,000 rows (a search of the
 * client index went from 2 ms to 33 ms at 20,000 clients). Analyzing a grown table gives the planner its size
 * and invalidates those plans. Answers the tables analyzed.
 */
export async function analyzeGrownTables(pglite: PGlite): Promise<string[]> {
  const { rows } = await pglite.query<{ name: string }>(GROWN_TABLES);
  for (const { name } of rows) await pglite.exec(`ANALYZE ${name}`);
  return rows.map((row) => row.name);
}
