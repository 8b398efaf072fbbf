/**
 * The client index on PostgreSQL or PGlite: `client_index` (one row per client), `client_counts` (the tabs'
 * counts), `projector_checkpoint`, and `invitation_delivery` (reports by invitation, kept through rebuilds and
 * joined to the rows by every read); a rebuild's copy is `client_index_rebuild` and `client_counts_rebuild`,
 * swapped in by renaming (rebuild/index-swap.ts).
 */
import type { Access, ClientRecord } from '@studio/contracts';
import type { SqlDatabase } from '@studio/sql';
import { compareWithLive } from '../rebuild/index-compare';
import { createShadow, dropShadow, indexShadow, swapIn } from '../rebuild/index-swap';
import type { IndexChange } from './client-fold';
import type {
  Checkpoint,
  ClientIndexRepository,
  ClientPage,
  ClientPageQuery,
  Comparison,
  DeliveryReport,
  IndexCopy,
} from './client-index.repository';
import { DELIVERY_JOIN, type StoredClient, toClientDto } from './client-row';
import { foldInto } from './index-fold';
import { type IndexTarget, LIVE_INDEX, SHADOW_INDEX } from './index-target';
import { type ListRow, type PageRow, pageStatement } from './sql-client-page';

const TARGETS: Readonly<Record<IndexCopy, IndexTarget>> = { live: LIVE_INDEX, shadow: SHADOW_INDEX };

export class SqlClientIndex implements ClientIndexRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** In two round trips, not one transaction: the write statement checks each row's version (index-fold.ts). */
  fold(
    copy: IndexCopy,
    changes: readonly IndexChange[],
    mayHave?: (clientId: string) => boolean,
  ): Promise<boolean[]> {
    return foldInto(this.db, TARGETS[copy], changes, mayHave);
  }

  /**
   * The latest report of each invitation is kept, and reads join it (client-row.ts): no client row is written.
   * A report naming another studio than the one kept changes nothing.
   */
  async recordDelivery({
    invitationId,
    studioId,
    status,
    at,
  }: DeliveryReport & { invitationId: string }): Promise<void> {
    await this.db.query(
      {
        name: 'invitation_delivery.record',
        text: `INSERT INTO invitation_delivery (invitation_id, studio_id, status, at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (invitation_id) DO UPDATE
                 SET studio_id = EXCLUDED.studio_id, status = EXCLUDED.status, at = EXCLUDED.at
                 WHERE invitation_delivery.at <= EXCLUDED.at
                   AND coalesce(invitation_delivery.studio_id, EXCLUDED.studio_id) = EXCLUDED.studio_id`,
      },
      [invitationId, studioId, status, at],
    );
  }

  async get(studioId: string, clientId: string): Promise<ClientRecord | undefined> {
    const { rows } = await this.db.query<StoredClient>(
      `SELECT c.state, d.status AS delivery FROM client_index c ${DELIVERY_JOIN}
       WHERE c.studio_id = $1 AND c.client_id = $2`,
      [studioId, clientId],
    );
    return rows[0] && toClientDto(rows[0]);
  }

  async version(studioId: string, clientId: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ version: number }>(
      {
        name: 'client_index.version',
        text: 'SELECT version FROM client_index WHERE studio_id = $1 AND client_id = $2',
      },
      [studioId, clientId],
    );
    return rows[0]?.version;
  }

  async page(query: ClientPageQuery): Promise<ClientPage> {
    const { statement, params } = pageStatement(query);
    const { rows } = await this.db.query<ListRow>(statement, params);
    const head = rows[0];
    // The statement may ask for more than the page holds (`statementLength`).
    const found = rows
      .filter((row): row is ListRow & PageRow => row.client_id !== null)
      .slice(0, query.limit);
    return {
      rows: found.map((row) => ({
        clientId: row.client_id,
        record: toClientDto(row),
        sortKey: row.sort_key instanceof Date ? row.sort_key.toISOString() : String(row.sort_key),
      })),
      counts: toCounts(head?.counts ?? null),
      version: head?.after_version ?? undefined,
    };
  }

  async checkpoint(copy: IndexCopy): Promise<Checkpoint | undefined> {
    const { rows } = await this.db.query<{ position: string; events: string | number }>(
      'SELECT position, events FROM projector_checkpoint WHERE name = $1',
      [TARGETS[copy].checkpoint],
    );
    const row = rows[0];
    return row && { position: row.position, events: Number(row.events) };
  }

  createShadow(): Promise<void> {
    return createShadow(this.db);
  }

  dropShadow(): Promise<void> {
    return dropShadow(this.db);
  }

  indexShadow(): Promise<void> {
    return indexShadow(this.db);
  }

  async countShadow(): Promise<number> {
    const { rows } = await this.db.query<{ count: string | number }>(
      `SELECT count(*) AS count FROM ${SHADOW_INDEX.table}`,
    );
    return Number(rows[0]?.count ?? 0);
  }

  compareWithLive(): Promise<Comparison> {
    return compareWithLive(this.db);
  }

  /** In one transaction, the live tables locked for its few statements. */
  swapIn(): Promise<number> {
    return this.db.transaction((tx) => swapIn(tx));
  }
}

/** Per access, for the whole studio whatever the filters: they label the tabs of the index. */
function toCounts(stored: Partial<Record<string, number>> | null): Record<Access, number> {
  return {
    Inactive: Number(stored?.Inactive ?? 0),
    Invited: Number(stored?.Invited ?? 0),
    Active: Number(stored?.Active ?? 0),
  };
}
