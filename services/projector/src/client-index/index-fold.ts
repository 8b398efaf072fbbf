import type { ClientEvent, Delivery, PublishedEvent } from '@studio/contracts';
import type { ExistingClientState } from '@studio/client-domain';
import type { SqlExecutor } from '@studio/sql';
import { project } from './client-projection';
import { isDelivery, toRowRecord, writeFolded } from './client-row';
import type { IndexTarget } from './index-target';

export interface IndexChange {
  readonly published: PublishedEvent;
  readonly event: ClientEvent;
}

interface Row {
  readonly client_id: string;
  readonly state: ExistingClientState;
  readonly delivery: string | null;
  readonly invitation_id: string | null;
}

interface Folded {
  state: ExistingClientState;
  readonly before: Row | undefined;
  changed: boolean;
}

/**
 * Folds client events into `target` a batch at a time, in two round trips: the rows they touch are read, folded
 * in memory, and written back in one statement with the tabs' counts and the checkpoint. A row is written only
 * if it is still as it was read, so two folds of one client at once (a redelivery racing its first delivery, a
 * rebuild catching up beside the live consumer) never count a change twice: the one that finds the row changed
 * folds that client again from what is there now. Events of one client apply in the order given; one already
 * applied changes nothing. Answers, per change, whether it applied.
 */
export async function foldInto(
  db: SqlExecutor,
  target: IndexTarget,
  changes: readonly IndexChange[],
  /** When the caller knows which clients the target cannot have yet (a rebuild's fresh copy): no read for them. */
  mayHave: (clientId: string) => boolean = () => true,
  /** Folds of clients whose rows changed meanwhile, done again; they count no events a second time. */
  attempt = 1,
): Promise<boolean[]> {
  if (changes.length === 0) return [];
  const ids = [...new Set(changes.map((change) => change.event.data.clientId))].filter(mayHave);
  const { rows } =
    ids.length === 0
      ? { rows: [] }
      : await db.query<Row>(
          {
            name: `${target.table}.fold-read`,
            text: `SELECT client_id, state, delivery, invitation_id FROM ${target.table} WHERE client_id = ANY($1::text[])`,
          },
          [ids],
        );
  const folded = new Map<string, Folded>(
    rows.map((row) => [row.client_id, { state: row.state, before: row, changed: false }]),
  );
  const applied = changes.map(({ published, event }) => {
    const current = folded.get(event.data.clientId);
    const next = project(current?.state, event, published.streamVersion);
    if (next === undefined) return false;
    if (current) Object.assign(current, { state: next, changed: true });
    else folded.set(next.clientId, { state: next, before: undefined, changed: true });
    return true;
  });
  // In id order, so two folds that touch the same rows lock them in the same order.
  const dirty = [...folded.values()]
    .filter((row) => row.changed)
    .sort((a, b) => (a.state.clientId < b.state.clientId ? -1 : 1));
  if (dirty.length === 0) return applied;
  const last = changes[applied.lastIndexOf(true)]?.published;
  const { rows: result } = await db.query<{ written: string[] }>(
    { name: `${target.table}.fold-write`, text: writeFolded(target) },
    [
      JSON.stringify(
        dirty.map((row) => ({
          ...toRowRecord(row.state, keptDelivery(row)),
          before_studio: row.before?.state.studioId ?? null,
          before_access: row.before?.state.access ?? null,
          before_version: row.before?.state.version ?? null,
        })),
      ),
      target.checkpoint,
      last?.position ?? '0',
      attempt === 1 ? applied.filter(Boolean).length : 0,
    ],
  );
  const written = new Set(result[0]?.written ?? []);
  const stale = new Set(dirty.map((row) => row.state.clientId).filter((id) => !written.has(id)));
  if (stale.size === 0) return applied;
  if (attempt >= MAX_ATTEMPTS)
    throw new Error(`client index rows kept changing under the fold: ${[...stale].join(', ')}`);
  const again = changes.filter(({ event }) => stale.has(event.data.clientId));
  const redone = await foldInto(db, target, again, undefined, attempt + 1);
  return changes.map((change, i) =>
    stale.has(change.event.data.clientId) ? (redone[again.indexOf(change)] ?? false) : (applied[i] ?? false),
  );
}

/** Folds of one client that keep finding its row changed: another writer would have to be writing it without end. */
const MAX_ATTEMPTS = 10;

/** The same invitation keeps its delivery; for a new one the write looks up what was reported, if anything. */
function keptDelivery(row: Folded): Delivery | null {
  const invitationId = row.state.invitation?.invitationId ?? null;
  if (invitationId === null || row.before?.invitation_id !== invitationId) return null;
  return isDelivery(row.before.delivery) ? row.before.delivery : null;
}
