/** Pure: a batch of client events folded onto the rows they touch, the same for every adapter of the index. */
import type { ClientEvent, Delivery, PublishedEvent } from '@studio/contracts';
import type { ExistingClientState } from '@studio/client-domain';
import { project } from './client-projection';
import { isDelivery } from './client-row';

export interface IndexChange {
  readonly published: PublishedEvent;
  readonly event: ClientEvent;
}

/** What a fold reads of a client's row before changing it. */
export interface StoredClientRow {
  readonly clientId: string;
  readonly state: ExistingClientState;
  readonly delivery: string | null;
  readonly invitationId: string | null;
}

export interface FoldedClient {
  state: ExistingClientState;
  readonly before: StoredClientRow | undefined;
  changed: boolean;
}

export interface FoldedBatch {
  /** Per change, whether it applied. */
  readonly applied: boolean[];
  /** The rows to write, in client id order (two folds that touch the same rows lock them in the same order). */
  readonly dirty: FoldedClient[];
  /** The last change that applied: where the checkpoint moves. */
  readonly last: PublishedEvent | undefined;
}

/** Events of one client apply in the order given; one already applied (or of another studio) changes nothing. */
export function foldClients(
  stored: readonly StoredClientRow[],
  changes: readonly IndexChange[],
): FoldedBatch {
  const folded = new Map<string, FoldedClient>(
    stored.map((row) => [row.clientId, { state: row.state, before: row, changed: false }]),
  );
  const applied = changes.map(({ published, event }) => {
    const current = folded.get(event.data.clientId);
    const next = project(current?.state, event, published.streamVersion);
    if (next === undefined) return false;
    if (current) Object.assign(current, { state: next, changed: true });
    else folded.set(next.clientId, { state: next, before: undefined, changed: true });
    return true;
  });
  const dirty = [...folded.values()]
    .filter((row) => row.changed)
    .sort((a, b) => (a.state.clientId < b.state.clientId ? -1 : 1));
  return { applied, dirty, last: changes[applied.lastIndexOf(true)]?.published };
}

/** The same invitation keeps its delivery; for a new one the write looks up what was reported, if anything. */
export function keptDelivery(row: FoldedClient): Delivery | null {
  const invitationId = row.state.invitation?.invitationId ?? null;
  if (invitationId === null || row.before?.invitationId !== invitationId) return null;
  return isDelivery(row.before.delivery) ? row.before.delivery : null;
}
