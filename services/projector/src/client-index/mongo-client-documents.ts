/**
 * The client index as MongoDB documents. Pure: the shapes, the indexes, and the filters, sorts and updates the
 * adapter sends. One collection per copy holds the client documents (`_id` the client id), the tabs' counts
 * (`_id` `{studio, access}`) and the consumer's checkpoint (`_id` `{checkpoint}`): renaming the copy over the
 * live collection swaps all three at once (docs/adr/0008). Counts and the checkpoint have no `studioId`, so
 * no list, filter or count of clients meets them.
 */
import type { AnyBulkWriteOperation, Document, Filter, IndexDescription, Sort } from 'mongodb';
import type { Access, ClientSort, Delivery } from '@studio/contracts';
import type { ExistingClientState } from '@studio/client-domain';
import type { FoldedClient, StoredClientRow } from './client-fold';
import { isDelivery } from './client-row';
import type { ClientPageQuery, IndexCopy } from './client-index.repository';

export interface ClientDocument {
  readonly _id: string;
  readonly studioId: string;
  readonly email: string;
  readonly access: Access;
  readonly invitationId: string | null;
  readonly delivery: Delivery | null;
  readonly createdAt: Date;
  readonly version: number;
  /** The folded client: what reads answer from. */
  readonly state: ExistingClientState;
  readonly firstNameLc: string;
  readonly lastNameLc: string;
  readonly fullNameLc: string;
  readonly typeLc: string | null;
  readonly sourceLc: string | null;
  readonly tagsLc: readonly string[];
}

export interface CountId {
  readonly studio: string;
  readonly access: string;
}

export interface CountDocument {
  readonly _id: CountId;
  readonly count: number;
}

export const CHECKPOINT_ID = { checkpoint: 'client-index' } as const;

export interface CheckpointDocument {
  readonly _id: typeof CHECKPOINT_ID;
  readonly position: string;
  readonly events: number;
  readonly updatedAt: Date;
}

/** An invitation's latest report, kept through rebuilds (not rebuilt from client events). */
export interface DeliveryDocument {
  readonly _id: string;
  readonly status: Delivery;
  readonly at: Date;
}

export const COLLECTIONS: Readonly<Record<IndexCopy, string>> = {
  live: 'client_index',
  shadow: 'client_index_rebuild',
};
export const DELIVERIES = 'invitation_delivery';

const ACCESSES: readonly Access[] = ['Inactive', 'Invited', 'Active'];

type SortField = 'lastNameLc' | 'firstNameLc' | 'email' | 'createdAt';

const SORTS: Readonly<Record<ClientSort, { readonly field: SortField; readonly direction: 1 | -1 }>> = {
  lastName: { field: 'lastNameLc', direction: 1 },
  '-lastName': { field: 'lastNameLc', direction: -1 },
  firstName: { field: 'firstNameLc', direction: 1 },
  email: { field: 'email', direction: 1 },
  createdAt: { field: 'createdAt', direction: 1 },
  '-createdAt': { field: 'createdAt', direction: -1 },
};

/**
 * Every order of the list within a studio, ending in the id for the keyset (walked backwards for the
 * descending sorts), the filters, and the invitation a delivery report finds its client by.
 */
export const CLIENT_INDEXES: readonly IndexDescription[] = [
  { key: { studioId: 1, lastNameLc: 1, _id: 1 }, name: 'client_index_by_last_name' },
  { key: { studioId: 1, firstNameLc: 1, _id: 1 }, name: 'client_index_by_first_name' },
  { key: { studioId: 1, email: 1, _id: 1 }, name: 'client_index_by_email' },
  { key: { studioId: 1, createdAt: 1, _id: 1 }, name: 'client_index_by_created_at' },
  { key: { studioId: 1, fullNameLc: 1 }, name: 'client_index_by_full_name' },
  { key: { studioId: 1, access: 1 }, name: 'client_index_by_access' },
  { key: { studioId: 1, tagsLc: 1 }, name: 'client_index_by_tag' },
  { key: { invitationId: 1 }, name: 'client_index_by_invitation' },
];

/** A folded client as its document; `delivery`: its invitation's, already resolved. */
export function toClientDocument(state: ExistingClientState, delivery: Delivery | null): ClientDocument {
  const { profile } = state;
  return {
    _id: state.clientId,
    studioId: state.studioId,
    email: profile.email,
    access: state.access,
    invitationId: state.invitation?.invitationId ?? null,
    delivery,
    createdAt: new Date(state.createdAt),
    version: state.version,
    state,
    firstNameLc: profile.firstName.toLowerCase(),
    lastNameLc: profile.lastName.toLowerCase(),
    fullNameLc: `${profile.firstName} ${profile.lastName}`.toLowerCase(),
    typeLc: profile.type?.toLowerCase() ?? null,
    sourceLc: profile.source?.toLowerCase() ?? null,
    tagsLc: profile.tags.map((tag) => tag.toLowerCase()),
  };
}

/** What the fold reads of a client document: with the delivery it keeps for its invitation. */
export interface StoredClientDocument extends StoredClientRow {
  readonly delivery: string | null;
  readonly invitationId: string | null;
}

/** The same invitation keeps its delivery; for a new one the write looks up what was reported, if anything. */
function keptDelivery(row: FoldedClient<StoredClientDocument>): Delivery | null {
  const invitationId = row.state.invitation?.invitationId ?? null;
  if (invitationId === null || row.before?.invitationId !== invitationId) return null;
  return isDelivery(row.before.delivery) ? row.before.delivery : null;
}

/**
 * The write of one folded client: an insert when it had no document, else an update that matches only while
 * the document is older than the folded version (a repeat or a late fold matches nothing). An invitation keeps
 * its delivery; a new one takes what was reported for it (`reported`), else pending.
 */
export function clientWrite(
  row: FoldedClient<StoredClientDocument>,
  reported: ReadonlyMap<string, Delivery>,
): AnyBulkWriteOperation<ClientDocument> {
  const invitationId = row.state.invitation?.invitationId ?? null;
  const delivery =
    invitationId === null ? null : (keptDelivery(row) ?? reported.get(invitationId) ?? 'pending');
  const document = toClientDocument(row.state, delivery);
  if (row.before === undefined) return { insertOne: { document } };
  const { _id, ...changed } = document;
  return { updateOne: { filter: { _id, version: { $lt: row.state.version } }, update: { $set: changed } } };
}

/** How the tabs' counts move for these rows written: +1 for where each is now, -1 for where it was. */
export function countChanges(dirty: readonly FoldedClient[]): AnyBulkWriteOperation<CountDocument>[] {
  const deltas = new Map<string, { id: CountId; delta: number }>();
  const move = (studio: string, access: string, delta: number) => {
    const key = JSON.stringify([studio, access]);
    const entry = deltas.get(key) ?? { id: countId(studio, access), delta: 0 };
    entry.delta += delta;
    deltas.set(key, entry);
  };
  for (const row of dirty) {
    move(row.state.studioId, row.state.access, 1);
    if (row.before !== undefined) move(row.before.state.studioId, row.before.state.access, -1);
  }
  return [...deltas.values()]
    .filter(({ delta }) => delta !== 0)
    .map(({ id, delta }) => ({
      updateOne: { filter: { _id: id }, update: { $inc: { count: delta } }, upsert: true },
    }));
}

/** Fields in this order: a document `_id` matches only with the same order. */
export const countId = (studio: string, access: string): CountId => ({ studio, access });

/** The count documents of a studio's tabs. */
export const countsFilter = (studioId: string): Filter<CountDocument> => ({
  _id: { $in: ACCESSES.map((access) => countId(studioId, access)) },
});

export function toCounts(found: readonly CountDocument[]): Record<Access, number> {
  const of = (access: Access) => found.find((doc) => doc._id.access === access)?.count ?? 0;
  return { Inactive: of('Inactive'), Invited: of('Invited'), Active: of('Active') };
}

/** Only client documents (counts and the checkpoint have no studio). */
export const CLIENTS_ONLY: Filter<ClientDocument> = { studioId: { $exists: true } };

/**
 * A page's filter: the studio, the filters, a search (a prefix of the full name, which starts with the first
 * name, of the last name, or of the email), and the keyset after the cursor in the sort's order.
 */
export function pageFilter(query: ClientPageQuery): Filter<ClientDocument> {
  const { field, direction } = SORTS[query.sort];
  const and: Filter<ClientDocument>[] = [];
  if (query.q !== undefined) {
    const prefix = { $regex: `^${escapeRegex(query.q)}` };
    and.push({ $or: [{ fullNameLc: prefix }, { lastNameLc: prefix }, { email: prefix }] });
  }
  if (query.cursor !== undefined) {
    const key = field === 'createdAt' ? new Date(query.cursor.key) : query.cursor.key;
    const beyond = direction === 1 ? '$gt' : '$lt';
    and.push({ $or: [{ [field]: { [beyond]: key } }, { [field]: key, _id: { [beyond]: query.cursor.id } }] });
  }
  return {
    studioId: query.studioId,
    ...(query.access === undefined ? {} : { access: query.access }),
    ...(query.type === undefined ? {} : { typeLc: query.type }),
    ...(query.source === undefined ? {} : { sourceLc: query.source }),
    ...(query.tag === undefined ? {} : { tagsLc: query.tag }),
    ...(and.length === 0 ? {} : { $and: and }),
  };
}

export function pageSort(sort: ClientSort): Sort {
  const { field, direction } = SORTS[sort];
  return { [field]: direction, _id: direction };
}

/** The document's key in the sort, as a cursor carries it. */
export function sortKeyOf(document: ClientDocument, sort: ClientSort): string {
  const value = document[SORTS[sort].field];
  return value instanceof Date ? value.toISOString() : value;
}

/** The checkpoint moved to `position`, `events` more applied. */
export const checkpointUpdate = (position: string, events: number, now: Date) => ({
  $set: { position, updatedAt: now },
  $inc: { events },
});

/**
 * Gives every client of the collection the delivery reported for its invitation, where it differs, in one
 * server-side pass (what a rebuilt copy takes over from the reports at a swap).
 */
export const deliverySync = (collection: string): Document[] => [
  { $match: { invitationId: { $type: 'string' } } },
  { $lookup: { from: DELIVERIES, localField: 'invitationId', foreignField: '_id', as: 'reported' } },
  { $unwind: '$reported' },
  { $match: { $expr: { $ne: ['$delivery', '$reported.status'] } } },
  { $project: { delivery: '$reported.status' } },
  { $merge: { into: collection, on: '_id', whenMatched: 'merge', whenNotMatched: 'discard' } },
];

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
