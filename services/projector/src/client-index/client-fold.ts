/** Pure: a batch of client events folded onto the rows they touch, the same for every adapter of the index. */
import type { ClientEvent, PublishedEvent } from '@studio/contracts';
import type { ExistingClientState } from '@studio/client-domain';
import { project } from './client-projection';

export interface IndexChange {
  readonly published: PublishedEvent;
  readonly event: ClientEvent;
}

/** What a fold reads of a client's row before changing it; an adapter's rows may carry more, kept in `before`. */
export interface StoredClientRow {
  readonly clientId: string;
  readonly state: ExistingClientState;
}

export interface FoldedClient<S extends StoredClientRow = StoredClientRow> {
  state: ExistingClientState;
  readonly before: S | undefined;
  changed: boolean;
}

export interface FoldedBatch<S extends StoredClientRow = StoredClientRow> {
  /** Per change, whether it applied. */
  readonly applied: boolean[];
  /** The rows to write, in client id order (two folds that touch the same rows lock them in the same order). */
  readonly dirty: FoldedClient<S>[];
  /** The last change that applied: where the checkpoint moves. */
  readonly last: PublishedEvent | undefined;
}

/** Events of one client apply in the order given; one already applied (or of another studio) changes nothing. */
export function foldClients<S extends StoredClientRow>(
  stored: readonly S[],
  changes: readonly IndexChange[],
): FoldedBatch<S> {
  const folded = new Map<string, FoldedClient<S>>(
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
