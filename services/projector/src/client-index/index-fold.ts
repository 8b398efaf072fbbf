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
 * in memory, and written back in one statement with the tabs' counts and the checkpoint. The write is guarded
 * by version (a row only moves forward), so two folds of the same event (a redelivery racing its first
 * delivery) write it once and count it once; the consumer's order per client means no other overlap. Events of
 * one client apply in the order given; one already applied changes nothing. Answers, per change, whether it
 * applied.
 */
export async function foldInto(
  db: SqlExecutor,
  target: IndexTarget,
  changes: readonly IndexChange[],
  /** When the caller knows which clients the target cannot have yet (a rebuild's fresh copy): no read for them. */
  mayHave: (clientId: string) => boolean = () => true,
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
  await db.query({ name: `${target.table}.fold-write`, text: writeFolded(target) }, [
    JSON.stringify(
      dirty.map((row) => ({
        ...toRowRecord(row.state, keptDelivery(row)),
        before_studio: row.before?.state.studioId ?? null,
        before_access: row.before?.state.access ?? null,
      })),
    ),
    target.checkpoint,
    last?.position ?? '0',
    applied.filter(Boolean).length,
  ]);
  return applied;
}

/** The same invitation keeps its delivery; for a new one the write looks up what was reported, if anything. */
function keptDelivery(row: Folded): Delivery | null {
  const invitationId = row.state.invitation?.invitationId ?? null;
  if (invitationId === null || row.before?.invitation_id !== invitationId) return null;
  return isDelivery(row.before.delivery) ? row.before.delivery : null;
}
