/** A client_index row: how it is written from a folded client, read back, and shown as the API's Client. */
import type { ClientRecord, Delivery } from '@studio/contracts';
import type { IndexTarget } from './index-target';
import { type ExistingClientState, toClientView } from '@studio/client-domain';

export interface StoredClient {
  /** Written by this service from a folded client: trusted as such. */
  readonly state: ExistingClientState;
  /** Its current invitation's delivery, as reported (null: none yet, pending). */
  readonly delivery: string | null;
}

/**
 * How a read of `client_index c` finds the delivery of each client's current invitation: from the reports,
 * the one place it is kept (a report may come before the invitation's event is folded, or during the fold).
 * Only a report of the client's studio counts (one kept from before reports named it counts for any).
 */
export const DELIVERY_JOIN = `LEFT JOIN invitation_delivery d
  ON d.invitation_id = c.invitation_id AND coalesce(d.studio_id, c.studio_id) = c.studio_id`;

/**
 * A row as `jsonb_to_recordset` takes it (see `writeFolded`): the folded client (what reads answer from) and
 * the columns it is found, filtered and sorted by.
 */
export function toRowRecord(state: ExistingClientState): Record<string, unknown> {
  const { profile } = state;
  return {
    client_id: state.clientId,
    studio_id: state.studioId,
    email: profile.email,
    access: state.access,
    invitation_id: state.invitation?.invitationId ?? null,
    created_at: state.createdAt,
    version: state.version,
    state,
    first_name_lc: profile.firstName.toLowerCase(),
    last_name_lc: profile.lastName.toLowerCase(),
    full_name_lc: `${profile.firstName} ${profile.lastName}`.toLowerCase(),
    type_lc: profile.type?.toLowerCase() ?? null,
    source_lc: profile.source?.toLowerCase() ?? null,
    tags_lc: profile.tags.map((tag) => tag.toLowerCase()),
  };
}

const COLUMNS = `client_id text, studio_id text, email text, access text, invitation_id text,
  created_at timestamptz, version integer, state jsonb, first_name_lc text, last_name_lc text,
  full_name_lc text, type_lc text, source_lc text, tags_lc text[], before_studio text, before_access text,
  before_version integer`;

/**
 * One statement for a folded batch: $1 a JSON array of `toRowRecord`s (at most one per client, each with the
 * studio, access and version its row had when it was read, if any), $2 the checkpoint's name, $3 its position,
 * $4 the events applied. A row is written only if it is still as it was read (or, new, still absent): the counts
 * change by the rows written, from what they were. Answers the clients written; a row changed meanwhile by
 * another fold (a rebuild catching up beside the live consumer) is not, and its fold is done again. The
 * invitation's delivery is not the row's: reads join it from `invitation_delivery` (see `DELIVERY_JOIN`).
 */
export const writeFolded = (target: IndexTarget): string => `
  WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${COLUMNS})),
  updated AS (
    UPDATE ${target.table} t SET
      email = r.email, access = r.access, invitation_id = r.invitation_id,
      version = r.version, state = r.state, first_name_lc = r.first_name_lc, last_name_lc = r.last_name_lc,
      full_name_lc = r.full_name_lc, type_lc = r.type_lc, source_lc = r.source_lc, tags_lc = r.tags_lc
    FROM input r
    WHERE t.client_id = r.client_id AND r.before_version IS NOT NULL AND t.version = r.before_version
    RETURNING t.client_id
  ),
  inserted AS (
    INSERT INTO ${target.table} (client_id, studio_id, email, access, invitation_id, created_at, version,
      state, first_name_lc, last_name_lc, full_name_lc, type_lc, source_lc, tags_lc)
    SELECT r.client_id, r.studio_id, r.email, r.access, r.invitation_id, r.created_at, r.version, r.state,
      r.first_name_lc, r.last_name_lc, r.full_name_lc, r.type_lc, r.source_lc, r.tags_lc
    FROM input r
    WHERE r.before_version IS NULL
    ORDER BY r.client_id
    ON CONFLICT (client_id) DO NOTHING
    RETURNING client_id
  ),
  written AS (SELECT client_id FROM updated UNION ALL SELECT client_id FROM inserted),
  deltas AS (
    SELECT studio_id, access, sum(delta)::integer AS delta FROM (
      SELECT r.studio_id, r.access, 1 AS delta FROM input r JOIN written USING (client_id)
      UNION ALL
      SELECT r.before_studio, r.before_access, -1 FROM input r JOIN written USING (client_id)
      WHERE r.before_access IS NOT NULL
    ) AS changes GROUP BY studio_id, access HAVING sum(delta) <> 0
  ),
  counted AS (
    INSERT INTO ${target.counts} AS c (studio_id, access, count)
    SELECT studio_id, access, delta FROM deltas ORDER BY studio_id, access
    ON CONFLICT (studio_id, access) DO UPDATE SET count = c.count + EXCLUDED.count
    RETURNING 1
  ),
  checkpointed AS (
    INSERT INTO projector_checkpoint (name, position, events) VALUES ($2, $3, $4)
    ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position,
      events = projector_checkpoint.events + EXCLUDED.events, updated_at = now()
    RETURNING 1
  )
  SELECT coalesce(array_agg(client_id), '{}') AS written FROM written`;

export function toClientDto(row: StoredClient): ClientRecord {
  const view = toClientView(row.state);
  const delivery = isDelivery(row.delivery) ? row.delivery : 'pending';
  return { ...view, invitation: view.invitation && { ...view.invitation, delivery } };
}

export function isDelivery(value: unknown): value is Delivery {
  return value === 'pending' || value === 'sent' || value === 'failed';
}
