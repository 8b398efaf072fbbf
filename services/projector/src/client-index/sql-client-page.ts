/** The client list's page on PostgreSQL/PGlite: one statement for the page, the tabs' counts and a version. */
import { createHash } from 'node:crypto';
import type { ClientSort } from '@studio/contracts';
import type { SqlStatement } from '@studio/sql';
import type { ClientPageQuery } from './client-index.repository';
import { DELIVERY_JOIN, type StoredClient } from './client-row';

const SORTS: Readonly<Record<ClientSort, { readonly column: string; readonly descending: boolean }>> = {
  lastName: { column: 'last_name_lc', descending: false },
  '-lastName': { column: 'last_name_lc', descending: true },
  firstName: { column: 'first_name_lc', descending: false },
  email: { column: 'email', descending: false },
  createdAt: { column: 'created_at', descending: false },
  '-createdAt': { column: 'created_at', descending: true },
};

export interface PageRow extends StoredClient {
  readonly client_id: string;
  readonly sort_key: unknown;
}

/** A page's row, with the head every row of it carries (a page without clients is one row of head only). */
export type ListRow = {
  readonly counts: Record<string, number> | null;
  readonly after_version: number | null;
} & (PageRow | { readonly client_id: null });

/**
 * Page statements by text, each with its name: prepared, one per shape of page (sort, filters, cursor, search:
 * a few hundred at most), as planning the statement cost PostgreSQL more than running it.
 */
const NAMED = new Map<string, SqlStatement>();

function named(text: string): SqlStatement {
  let statement = NAMED.get(text);
  if (statement === undefined) {
    statement = {
      name: `client_index.page.${createHash('sha1').update(text).digest('hex').slice(0, 16)}`,
      text,
    };
    NAMED.set(text, statement);
  }
  return statement;
}

/** The statement (named by its shape) and its parameters. */
export function pageStatement(query: ClientPageQuery): {
  readonly statement: SqlStatement;
  readonly params: unknown[];
} {
  const sort = SORTS[query.sort];
  const params: unknown[] = [query.studioId];
  const where = ['studio_id = $1'];
  const param = (value: unknown): string => `$${params.push(value)}`;
  const q = query.q;
  const prefix = q ? { text: q, param: param(`${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) } : undefined;
  if (query.access !== undefined) where.push(`access = ${param(query.access)}`);
  if (query.type !== undefined) where.push(`type_lc = ${param(query.type)}`);
  if (query.source !== undefined) where.push(`source_lc = ${param(query.source)}`);
  if (query.tag !== undefined) where.push(`${param(query.tag)} = ANY (tags_lc)`);
  if (query.cursor !== undefined) {
    const { cursor } = query;
    const key = sort.column === 'created_at' ? `${param(cursor.key)}::timestamptz` : param(cursor.key);
    where.push(`(${sort.column}, client_id) ${sort.descending ? '<' : '>'} (${key}, ${param(cursor.id)})`);
  }
  const direction = sort.descending ? 'DESC' : 'ASC';
  const afterId = param(query.versionOf ?? null);
  // One round trip: the tabs' counts and the version the session waits for ride along with the page.
  // client_index is named before client_counts, so this query locks them in the order the writers and a
  // rebuild's swap do (a reader taking the counts first deadlocked with a swap).
  const text = `SELECT head.counts, head.after_version, page.* FROM (SELECT
      (SELECT version FROM client_index WHERE studio_id = $1 AND client_id = ${afterId}) AS after_version,
      (SELECT json_object_agg(access, count) FROM client_counts WHERE studio_id = $1) AS counts
    ) AS head LEFT JOIN LATERAL (${pageQuery(sort, direction, where, prefix, String(statementLength(query.limit)), param)}) AS page ON true`;
  return { statement: named(text), params };
}

/** The page lengths statements are made for; a page of another length asks for the next one up (see below). */
const STATEMENT_LENGTHS = [26, 51, 101];

/**
 * How many rows a page's statement asks for, a literal in its text rather than a parameter: with `LIMIT $n`, a
 * prepared statement's generic plan is costed for a tenth of the studio, so once the index is analyzed
 * PostgreSQL prefers a plan made for the values and plans every list anew. A few lengths only, so that the
 * lengths callers ask for (the reader asks one more than the API's 1 to 100) do not multiply the statements
 * each connection keeps; `SqlClientIndex.page` drops the rows past the page's own length.
 */
export function statementLength(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`a page's length must be a whole number from 1, got ${limit}`);
  return STATEMENT_LENGTHS.find((length) => length >= limit) ?? limit;
}

/**
 * The page's rows in order, in two steps: the ids of the page, from an index walk in the page's order that
 * checks the filters on what the index carries (the order by last name carries them all), then those rows.
 * A search is a prefix of the first name, the last name, the full name or the email (a full name starts
 * with the first name, so it answers for both): each of the three is its own walk, cut at the page's length,
 * and the page is the first of their union. One walk with OR would have the planner choose between walking
 * until enough rows match (slow when few do) and sorting every match (slow when many do).
 */
function pageQuery(
  sort: { readonly column: string },
  direction: 'ASC' | 'DESC',
  where: readonly string[],
  prefix: { readonly param: string; readonly text: string } | undefined,
  limit: string,
  param: (value: unknown) => string,
): string {
  const order = `${sort.column} ${direction}, client_id ${direction}`;
  const filters = where.join(' AND ');
  const walk = (condition = '') => `(SELECT client_id, ${sort.column} FROM client_index
      WHERE ${filters}${condition} ORDER BY ${order} LIMIT ${limit})`;
  let hits = walk();
  if (prefix !== undefined) {
    // Strings that start with the prefix sort from it to the prefix with its last character one higher: where
    // the branch's column is the page's order, its matches are one range of that index.
    const last = prefix.text.at(-1) ?? '';
    const columns = ['full_name_lc', 'last_name_lc', 'email'];
    // Only when a branch uses them: a parameter the text never names is an error to PostgreSQL.
    const bounds =
      columns.includes(sort.column) && last !== '' && last.charCodeAt(0) < 0xd7ff
        ? ` >= ${param(prefix.text)} AND ${sort.column} < ${param(prefix.text.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1))}`
        : undefined;
    const branch = (column: string) =>
      walk(
        ` AND ${column} LIKE ${prefix.param}` +
          (column === sort.column && bounds !== undefined ? ` AND ${column}${bounds}` : ''),
      );
    hits = columns.map(branch).join(' UNION ');
  }
  return `SELECT c.state, d.status AS delivery, c.client_id, hit.${sort.column} AS sort_key FROM (${hits}) AS hit
    JOIN client_index c USING (client_id) ${DELIVERY_JOIN} ORDER BY hit.${sort.column} ${direction}, hit.client_id ${direction}
    LIMIT ${limit}`;
}
