/**
 * The read model's writes, shared by the write path (right after an append), the durable consumer of project
 * events and the rebuild. Every write is guarded by the project's stream version: applied twice, or late, it
 * changes nothing, and the model never goes back to an older version.
 */
import type { ProjectEvent } from '@studio/contracts';
import {
  evolve,
  type ExistingProjectState,
  initialProjectState,
  type ProjectState,
} from '@studio/project-domain';
import type { SqlDatabase, SqlExecutor } from '@studio/sql';
import type { ReadModelTarget } from './read-model-target';

/** A project event with its place in its stream. */
export interface VersionedProjectEvent {
  readonly projectId: string;
  readonly streamVersion: number;
  readonly event: ProjectEvent;
}

interface ProjectRow {
  readonly project_id: string;
  readonly studio_id: string;
  readonly name: string;
  readonly created_at: Date | string;
  readonly version: number;
  readonly client_ids: string[] | null;
}

/** Writes each state over its row when it is newer; returns how many rows changed. */
export async function upsertStates(
  tx: SqlExecutor,
  target: ReadModelTarget,
  states: Iterable<ExistingProjectState>,
): Promise<number> {
  let changed = 0;
  for (const state of states) {
    const { rows } = await tx.query(
      `INSERT INTO ${target.projects} AS p (project_id, studio_id, name, created_at, version)
         VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project_id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version
         WHERE p.version < EXCLUDED.version
       RETURNING project_id`,
      [state.projectId, state.studioId, state.name, state.createdAt, state.version],
    );
    if (rows.length === 0) continue;
    changed++;
    await tx.query(`DELETE FROM ${target.members} WHERE project_id = $1`, [state.projectId]);
    await tx.query(
      `INSERT INTO ${target.members} (project_id, client_id, studio_id, position)
         SELECT $1, client_id, $2, position FROM unnest($3::text[]) WITH ORDINALITY AS m (client_id, position)`,
      [state.projectId, state.studioId, [...state.clientIds]],
    );
  }
  return changed;
}

/** The rows of these projects as decider states, locked until the transaction ends. */
export async function loadStates(
  tx: SqlExecutor,
  target: ReadModelTarget,
  projectIds: readonly string[],
): Promise<Map<string, ExistingProjectState>> {
  if (projectIds.length === 0) return new Map();
  const { rows } = await tx.query<ProjectRow>(
    `SELECT p.project_id, p.studio_id, p.name, p.created_at, p.version,
            ARRAY(SELECT m.client_id FROM ${target.members} m WHERE m.project_id = p.project_id
                  ORDER BY m.position) AS client_ids
     FROM ${target.projects} p WHERE p.project_id = ANY($1::text[]) ORDER BY p.project_id FOR UPDATE`,
    [[...projectIds]],
  );
  return new Map(rows.map((row) => [row.project_id, toState(row)]));
}

/**
 * Folds events (in their stream order) into the rows of `target`, in one transaction: an event the row has
 * already is skipped, the next one is applied. Answers the projects whose rows lag more than one event behind
 * (events went missing on the way): their caller writes them from their streams.
 */
export async function foldEvents(
  db: SqlDatabase,
  target: ReadModelTarget,
  events: readonly VersionedProjectEvent[],
): Promise<{ readonly changed: number; readonly behind: ReadonlySet<string> }> {
  if (events.length === 0) return { changed: 0, behind: new Set() };
  return db.transaction(async (tx) => {
    const ids = [...new Set(events.map((e) => e.projectId))];
    const loaded = await loadStates(tx, target, ids);
    const states = new Map<string, ProjectState>(loaded);
    const touched = new Set<string>();
    const behind = new Set<string>();
    for (const { projectId, streamVersion, event } of events) {
      const state = states.get(projectId) ?? initialProjectState;
      if (streamVersion <= state.version) continue;
      if (streamVersion !== state.version + 1 || behind.has(projectId)) {
        behind.add(projectId);
        continue;
      }
      states.set(projectId, evolve(state, event));
      touched.add(projectId);
    }
    const newer = [...touched].flatMap((id) => {
      const state = states.get(id);
      return state?.kind === 'existing' ? [state] : [];
    });
    return { changed: await upsertStates(tx, target, newer), behind };
  });
}

export function toState(row: ProjectRow): ExistingProjectState {
  return {
    kind: 'existing',
    projectId: row.project_id,
    studioId: row.studio_id,
    name: row.name,
    clientIds: row.client_ids ?? [],
    createdAt: new Date(row.created_at).toISOString(),
    version: Number(row.version),
  };
}
