/** A client_index row as this service reads it back, and how it becomes the API's Client. */
import type { ClientDto, Delivery } from '@studio/contracts';
import { type ExistingClientState, toClientView } from '@studio/client-domain';

export interface StoredClient {
  /** Written by this service from a folded client: trusted as such. */
  readonly state: ExistingClientState;
  readonly delivery: string | null;
}

/** The columns the row is searched and sorted by, derived from the folded client. */
export function rowParams(
  state: ExistingClientState,
  invitationId: string | null,
  delivery: Delivery | null,
): unknown[] {
  const view = toClientView(state);
  const { profile } = state;
  return [
    state.clientId,
    state.studioId,
    profile.firstName,
    profile.lastName,
    profile.email,
    profile.phone,
    profile.type,
    profile.source,
    [...profile.tags],
    state.access,
    view.invitation === null ? null : JSON.stringify(view.invitation),
    invitationId,
    delivery,
    state.createdAt,
    state.activatedAt,
    state.version,
    JSON.stringify(state),
    profile.firstName.toLowerCase(),
    profile.lastName.toLowerCase(),
    `${profile.firstName} ${profile.lastName}`.toLowerCase(),
    profile.type?.toLowerCase() ?? null,
    profile.source?.toLowerCase() ?? null,
    profile.tags.map((tag) => tag.toLowerCase()),
  ];
}

/** The tables a client row lives in: the live index, and the fresh copy a rebuild fills beside it. */
export type IndexTable = 'client_index' | 'client_index_rebuild';

export const upsertRow = (table: IndexTable): string => `
  INSERT INTO ${table} (client_id, studio_id, first_name, last_name, email, phone, type, source, tags, access,
    invitation, invitation_id, delivery, created_at, activated_at, version, state,
    first_name_lc, last_name_lc, full_name_lc, type_lc, source_lc, tags_lc)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, $16, $17::jsonb,
    $18, $19, $20, $21, $22, $23)
  ON CONFLICT (client_id) DO UPDATE SET
    first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, email = EXCLUDED.email,
    phone = EXCLUDED.phone, type = EXCLUDED.type, source = EXCLUDED.source, tags = EXCLUDED.tags,
    access = EXCLUDED.access, invitation = EXCLUDED.invitation, invitation_id = EXCLUDED.invitation_id,
    delivery = EXCLUDED.delivery, activated_at = EXCLUDED.activated_at, version = EXCLUDED.version,
    state = EXCLUDED.state, first_name_lc = EXCLUDED.first_name_lc, last_name_lc = EXCLUDED.last_name_lc,
    full_name_lc = EXCLUDED.full_name_lc, type_lc = EXCLUDED.type_lc, source_lc = EXCLUDED.source_lc,
    tags_lc = EXCLUDED.tags_lc`;

export function toClientDto(row: StoredClient): ClientDto {
  const view = toClientView(row.state);
  const delivery = isDelivery(row.delivery) ? row.delivery : 'pending';
  return { ...view, invitation: view.invitation && { ...view.invitation, delivery } };
}

export function isDelivery(value: unknown): value is Delivery {
  return value === 'pending' || value === 'sent' || value === 'failed';
}
