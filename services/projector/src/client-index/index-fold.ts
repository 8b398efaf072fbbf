import type { Access, ClientEvent, Delivery, PublishedEvent } from '@studio/contracts';
import type { ExistingClientState } from '@studio/client-domain';
import type { SqlExecutor } from '@studio/sql';
import { project } from './client-projection';
import { addToCounts, isDelivery, toRowRecord, upsertRows } from './client-row';
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
 * Folds client events into `target` on the caller's transaction, a batch at a time: the rows they touch are
 * read (and locked, in id order, so concurrent folds never deadlock) in one statement, folded in memory, and
 * written back with the tabs' counts and the checkpoint in three more. Events of one client apply in the
 * order given; one already applied (a redelivery) changes nothing. Answers, per change, whether it applied.
 */
export async function foldInto(
  tx: SqlExecutor,
  target: IndexTarget,
  changes: readonly IndexChange[],
): Promise<boolean[]> {
  if (changes.length === 0) return [];
  const ids = [...new Set(changes.map((change) => change.event.data.clientId))].sort();
  const { rows } = await tx.query<Row>(
    `SELECT client_id, state, delivery, invitation_id FROM ${target.table}
     WHERE client_id = ANY($1::text[]) ORDER BY client_id FOR UPDATE`,
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
  const dirty = [...folded.values()].filter((row) => row.changed);
  if (dirty.length === 0) return applied;

  const deliveries = await deliveriesOf(tx, dirty);
  await tx.query(upsertRows(target.table), [
    JSON.stringify(dirty.map((row) => toRowRecord(row.state, deliveries.get(row) ?? null))),
  ]);
  await addCounts(tx, target, dirty);
  const last = changes[applied.lastIndexOf(true)]?.published;
  await tx.query(
    `INSERT INTO projector_checkpoint (name, position, events) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position,
       events = projector_checkpoint.events + EXCLUDED.events, updated_at = now()`,
    [target.checkpoint, last?.position ?? '0', applied.filter(Boolean).length],
  );
  return applied;
}

/** The same invitation keeps its delivery; a new one starts from what was reported for it, if anything. */
async function deliveriesOf(
  tx: SqlExecutor,
  dirty: readonly Folded[],
): Promise<Map<Folded, Delivery | null>> {
  const result = new Map<Folded, Delivery | null>();
  const unknown: Folded[] = [];
  for (const row of dirty) {
    const invitationId = row.state.invitation?.invitationId ?? null;
    if (invitationId === null) result.set(row, null);
    else if (row.before?.invitation_id === invitationId && isDelivery(row.before.delivery))
      result.set(row, row.before.delivery);
    else unknown.push(row);
  }
  if (unknown.length === 0) return result;
  const { rows } = await tx.query<{ invitation_id: string; status: string }>(
    'SELECT invitation_id, status FROM invitation_delivery WHERE invitation_id = ANY($1::text[])',
    [unknown.map((row) => row.state.invitation?.invitationId)],
  );
  const reported = new Map(rows.map((row) => [row.invitation_id, row.status]));
  for (const row of unknown) {
    const status = reported.get(row.state.invitation?.invitationId ?? '');
    result.set(row, isDelivery(status) ? status : 'pending');
  }
  return result;
}

async function addCounts(tx: SqlExecutor, target: IndexTarget, dirty: readonly Folded[]): Promise<void> {
  const deltas = new Map<string, { studio: string; access: Access; delta: number }>();
  const add = (studio: string, access: Access, delta: number) => {
    const key = `${studio}\u0000${access}`;
    const entry = deltas.get(key) ?? { studio, access, delta: 0 };
    entry.delta += delta;
    deltas.set(key, entry);
  };
  for (const row of dirty) {
    if (row.before) add(row.before.state.studioId, row.before.state.access, -1);
    add(row.state.studioId, row.state.access, 1);
  }
  const changed = [...deltas.entries()]
    .filter(([, entry]) => entry.delta !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, entry]) => entry);
  if (changed.length === 0) return;
  await tx.query(addToCounts(target.counts), [
    changed.map((entry) => entry.studio),
    changed.map((entry) => entry.access),
    changed.map((entry) => entry.delta),
  ]);
}
