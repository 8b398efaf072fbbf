import type { ClientIndexDifference } from '@studio/contracts';
import type { SqlDatabase } from '@studio/sql';
import type { Comparison } from '../client-index/client-index.repository';
import { LIVE_INDEX, SHADOW_INDEX } from '../client-index/index-target';

/** Differences a dry run reports in full; the rest are only counted. */
export const SHOWN = 50;

/**
 * Compares the filled copy with the live index, row by row and column by column (and the tabs' counts; the
 * deliveries are not the rows', both copies read the same reports). `behind`: the live row has an older version
 * (its consumer has not applied the newest events yet); `ahead`: the copy has not read them yet.
 */
export async function compareWithLive(db: SqlDatabase): Promise<Comparison> {
  const { rows } = await db.query<{
    client_id: string;
    kind: ClientIndexDifference['kind'];
    live: Record<string, unknown> | null;
    rebuilt: Record<string, unknown> | null;
    total: string | number;
  }>(
    `SELECT coalesce(l.client_id, r.client_id) AS client_id,
       CASE WHEN l.client_id IS NULL THEN 'missing' WHEN r.client_id IS NULL THEN 'extra'
            WHEN l.version < r.version THEN 'behind' WHEN l.version > r.version THEN 'ahead'
            ELSE 'different' END AS kind,
       to_jsonb(l) AS live, to_jsonb(r) AS rebuilt, count(*) OVER () AS total
     FROM ${LIVE_INDEX.table} l FULL JOIN ${SHADOW_INDEX.table} r ON l.client_id = r.client_id
     WHERE to_jsonb(l) IS DISTINCT FROM to_jsonb(r)
     ORDER BY 1 LIMIT $1`,
    [SHOWN],
  );
  const { rows: counts } = await db.query<{
    studio_id: string;
    access: string;
    live: number | null;
    rebuilt: number | null;
  }>(
    `SELECT coalesce(l.studio_id, r.studio_id) AS studio_id, coalesce(l.access, r.access) AS access,
       l.count AS live, r.count AS rebuilt
     FROM ${LIVE_INDEX.counts} l FULL JOIN ${SHADOW_INDEX.counts} r
       ON l.studio_id = r.studio_id AND l.access = r.access
     WHERE coalesce(l.count, 0) <> coalesce(r.count, 0)
     ORDER BY 1, 2`,
  );
  const shown: ClientIndexDifference[] = rows.map((row) => {
    const fields = differingFields(row.live, row.rebuilt);
    return {
      clientId: row.client_id,
      kind: row.kind,
      fields,
      live: row.live && pick(row.live, fields),
      rebuilt: row.rebuilt && pick(row.rebuilt, fields),
    };
  });
  for (const count of counts.slice(0, Math.max(0, SHOWN - shown.length)))
    shown.push({
      clientId: null,
      kind: 'count',
      fields: [`${count.studio_id}/${count.access}`],
      live: { count: count.live ?? 0 },
      rebuilt: { count: count.rebuilt ?? 0 },
    });
  return { count: Number(rows[0]?.total ?? 0) + counts.length, shown };
}

export function differingFields(
  live: Record<string, unknown> | null,
  rebuilt: Record<string, unknown> | null,
): string[] {
  const keys = new Set([...Object.keys(live ?? {}), ...Object.keys(rebuilt ?? {})]);
  return [...keys].filter((key) => JSON.stringify(live?.[key]) !== JSON.stringify(rebuilt?.[key])).sort();
}

/** The differing columns; the folded client (`state`) only by name, it is large. */
export function pick(row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.map((field) => [field, field === 'state' ? '(the folded client differs)' : row[field]]),
  );
}
