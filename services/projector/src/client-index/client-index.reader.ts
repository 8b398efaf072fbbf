import { Problem } from '@studio/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientRecord, ClientRecordPage, ClientSort, ListClientsBody } from '@studio/contracts';
import { CLIENT_INDEX, type ClientIndexRepository, type ClientPageQuery } from './client-index.repository';
import { ClientIndexWriter } from './client-index.writer';
import { decodeCursor, encodeCursor } from './cursor';

const SORTS: readonly ClientSort[] = [
  'lastName',
  '-lastName',
  'firstName',
  'email',
  'createdAt',
  '-createdAt',
];

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
    @Inject(CLIENT_INDEX) private readonly index: ClientIndexRepository,
    @Inject(ClientIndexWriter) private readonly writer: ClientIndexWriter,
  ) {}

  get(studioId: string, clientId: string): Promise<ClientRecord | undefined> {
    return this.index.get(studioId, clientId);
  }

  /** Waits until the client's row reaches `version`, or the wait runs out; the caller then answers what there is. */
  async waitForVersion(studioId: string, clientId: string, version: number): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      if (((await this.index.version(studioId, clientId)) ?? -1) >= version) return;
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
    if (!SORTS.includes(query.sort))
      invalid('sort', 'must be one of lastName, -lastName, firstName, email, createdAt, -createdAt');
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 100)
      invalid('limit', 'must be 1 to 100');
    const q = query.q?.trim().normalize('NFC').toLowerCase();
    const page: ClientPageQuery = {
      studioId: query.studioId,
      sort: query.sort,
      // One more than asked: whether there is a next page.
      limit: query.limit + 1,
      ...(q ? { q } : {}),
      ...(query.access === undefined ? {} : { access: query.access }),
      ...(query.type === undefined ? {} : { type: query.type.trim().toLowerCase() }),
      ...(query.source === undefined ? {} : { source: query.source.trim().toLowerCase() }),
      ...(query.tag === undefined ? {} : { tag: query.tag.trim().toLowerCase() }),
      ...(query.cursor === undefined ? {} : { cursor: decodeCursor(query.cursor, query.sort) }),
      ...(query.after === undefined ? {} : { versionOf: query.after.clientId }),
    };
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const { rows, counts, version } = await this.index.page(page);
      const behind = query.after !== undefined && (version ?? -1) < query.after.version;
      if (behind && Date.now() < deadline) {
        await this.nextCommit(Math.min(POLL_MS, deadline - Date.now()));
        continue;
      }
      const shown = rows.slice(0, query.limit);
      const last = shown.at(-1);
      const nextCursor =
        rows.length > query.limit && last !== undefined
          ? encodeCursor({ sort: query.sort, key: last.sortKey, id: last.clientId })
          : null;
      return { items: shown.map((row) => row.record), nextCursor, counts };
    }
  }
}

function invalid(field: string, message: string): never {
  throw Problem.of('validation-failed', `${field} ${message}`, [{ field, message }]);
}
