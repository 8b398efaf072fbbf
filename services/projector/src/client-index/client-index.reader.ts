import { type SqlDatabase } from '@studio/sql';
import { DATABASE } from '@studio/service-kit';
import { Problem } from '@studio/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Access, ClientRecord, ClientRecordPage, ClientSort, ListClientsBody } from '@studio/contracts';
import { ClientIndexWriter } from './client-index.writer';
import { type StoredClient, toClientDto } from './client-row';
import { decodeCursor, encodeCursor } from './cursor';

const SORTS: Readonly<Record<ClientSort, { readonly column: string; readonly descending: boolean }>> = {
  lastName: { column: 'last_name_lc', descending: false },
  '-lastName': { column: 'last_name_lc', descending: true },
  firstName: { column: 'first_name_lc', descending: false },
  email: { column: 'email', descending: false },
  createdAt: { column: 'created_at', descending: false },
  '-createdAt': { column: 'created_at', descending: true },
};

/**
 * Read your writes: how long a read waits for the index to reach a version, and how often it looks when no
 * commit of this process wakes it (another replica may be the one applying it).
 */
const WAIT_MS = 3_000;
const POLL_MS = 25;

/** Reads the client index, always within one studio. */
@Injectable()
export class ClientIndexReader {
  constructor(
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(ClientIndexWriter) private readonly writer: ClientIndexWriter,
  ) {}

  async get(studioId: string, clientId: string): Promise<ClientRecord | undefined> {
    const { rows } = await this.db.query<StoredClient>(
      'SELECT state, delivery FROM client_index WHERE studio_id = $1 AND client_id = $2',
      [studioId, clientId],
    );
    return rows[0] && toClientDto(rows[0]);
  }

  /** Waits until the client's row reaches `version`, or the wait runs out; the caller then answers what there is. */
  async waitForVersion(studioId: string, clientId: string, version: number): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const { rows } = await this.db.query<{ version: number }>(
        {
          name: 'client_index.version',
          text: 'SELECT version FROM client_index WHERE studio_id = $1 AND client_id = $2',
        },
        [studioId, clientId],
      );
      if ((rows[0]?.version ?? -1) >= version) return;
      await this.nextCommit(Math.min(POLL_MS, deadline - Date.now()));
    }
  }

  /** Resolves at this process's next commit to the index, or after `ms`. */
  private nextCommit(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop();
        resolve();
      };
      const timer = setTimeout(done, Math.max(ms, 0));
      const stop = this.writer.onCommitted(done);
    });
  }

  async list(query: ListClientsBody): Promise<ClientRecordPage> {
    const sort =
      SORTS[query.sort] ??
      invalid('sort', 'must be one of lastName, -lastName, firstName, email, createdAt, -createdAt');
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 100)
      invalid('limit', 'must be 1 to 100');
    const params: unknown[] = [query.studioId];
    const where = ['studio_id = $1'];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const q = query.q?.trim().normalize('NFC').toLowerCase();
    const prefix = q ? { text: q, param: param(`${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) } : undefined;
    if (query.access !== undefined) where.push(`access = ${param(query.access)}`);
    if (query.type !== undefined) where.push(`type_lc = ${param(query.type.trim().toLowerCase())}`);
    if (query.source !== undefined) where.push(`source_lc = ${param(query.source.trim().toLowerCase())}`);
    if (query.tag !== undefined) where.push(`${param(query.tag.trim().toLowerCase())} = ANY (tags_lc)`);
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor, query.sort);
      const key = sort.column === 'created_at' ? `${param(cursor.key)}::timestamptz` : param(cursor.key);
      where.push(`(${sort.column}, client_id) ${sort.descending ? '<' : '>'} (${key}, ${param(cursor.id)})`);
    }
    const direction = sort.descending ? 'DESC' : 'ASC';
    const afterId = param(query.after?.clientId ?? null);
    // One round trip: the tabs' counts and the version the session waits for ride along with the page.
    // client_index is named before client_counts, so this query locks them in the order the writers and a
    // rebuild's swap do (a reader taking the counts first deadlocked with a swap).
    const text = `SELECT head.counts, head.after_version, page.* FROM (SELECT
        (SELECT version FROM client_index WHERE studio_id = $1 AND client_id = ${afterId}) AS after_version,
        (SELECT json_object_agg(access, count) FROM client_counts WHERE studio_id = $1) AS counts
      ) AS head LEFT JOIN LATERAL (${pageQuery(sort, direction, where, prefix, param(query.limit + 1), param)}) AS page ON true`;
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const { rows } = await this.db.query<ListRow>(text, params);
      const head = rows[0];
      const behind = query.after !== undefined && (head?.after_version ?? -1) < query.after.version;
      if (behind && Date.now() < deadline) {
        await this.nextCommit(Math.min(POLL_MS, deadline - Date.now()));
        continue;
      }
      const found = rows.filter((row): row is ListRow & PageRow => row.client_id !== null);
      const page = found.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor =
        found.length > query.limit && last !== undefined
          ? encodeCursor({ sort: query.sort, key: keyText(last.sort_key), id: last.client_id })
          : null;
      return { items: page.map(toClientDto), nextCursor, counts: toCounts(head?.counts ?? null) };
    }
  }
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
  return `SELECT c.state, c.delivery, c.client_id, hit.${sort.column} AS sort_key FROM (${hits}) AS hit
    JOIN client_index c USING (client_id) ORDER BY hit.${sort.column} ${direction}, hit.client_id ${direction}
    LIMIT ${limit}`;
}

interface PageRow extends StoredClient {
  readonly client_id: string;
  readonly sort_key: unknown;
}

/** A page's row, with the head every row of it carries (a page without clients is one row of head only). */
type ListRow = { readonly counts: Record<string, number> | null; readonly after_version: number | null } & (
  PageRow | { readonly client_id: null }
);

/** Per access, for the whole studio whatever the filters: they label the tabs of the index. */
function toCounts(stored: Record<string, number> | null): Record<Access, number> {
  return {
    Inactive: Number(stored?.Inactive ?? 0),
    Invited: Number(stored?.Invited ?? 0),
    Active: Number(stored?.Active ?? 0),
  };
}

const keyText = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));

function invalid(field: string, message: string): never {
  throw Problem.of('validation-failed', `${field} ${message}`, [{ field, message }]);
}
