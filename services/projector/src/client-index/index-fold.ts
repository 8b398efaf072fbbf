import type { ExistingClientState } from '@studio/client-domain';
import type { SqlExecutor } from '@studio/sql';
import { foldClients, type IndexChange } from './client-fold';
import { toRowRecord, writeFolded } from './client-row';
import type { IndexTarget } from './index-target';

interface Row {
  readonly client_id: string;
  readonly state: ExistingClientState;
}

/**
 * Folds client events into `target` a batch at a time, in two round trips: the rows they touch are read, folded
 * in memory, and written back in one statement with the tabs' counts and the checkpoint. A row is written only
 * if it is still as it was read, so two folds of one client at once (a redelivery racing its first delivery, a
 * rebuild catching up beside the live consumer) never count a change twice: the one that finds the row changed
 * folds that client again from what is there now. Events of one client apply in the order given; one already
 * applied changes nothing. Answers, per change, whether it applied. Both statements are planned at each run: the
 * table grows from empty while connections live (a rebuild's copy by 100,000 rows a minute), and a cached plan
 * made when it was small reads all of it for every batch.
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
            plan: 'each-run',
            text: `SELECT client_id, state FROM ${target.table} WHERE client_id = ANY($1::text[])`,
          },
          [ids],
        );
  const { applied, dirty, last } = foldClients(
    rows.map((row) => ({ clientId: row.client_id, state: row.state })),
    changes,
  );
  if (dirty.length === 0) return applied;
  const { rows: result } = await db.query<{ written: string[] }>(
    { name: `${target.table}.fold-write`, plan: 'each-run', text: writeFolded(target) },
    [
      JSON.stringify(
        dirty.map((row) => ({
          ...toRowRecord(row.state),
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
