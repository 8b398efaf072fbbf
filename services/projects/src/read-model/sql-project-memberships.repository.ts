/**
 * The projects read model on PostgreSQL or PGlite: `projects` (one row per project) and `project_members` (a
 * project's clients, `position` their order of adding); a rebuild's copy is `projects_rebuild` and
 * `project_members_rebuild`, swapped in by renaming (sql-project-memberships.swap.ts).
 */
import type { ExistingProjectState } from '@studio/project-domain';
import type { SqlDatabase, SqlExecutor } from '@studio/sql';
import {
  foldProjectEvents,
  type FoldResult,
  type Membership,
  type ProjectMembershipsRepository,
  type ProjectPageQuery,
  type ReadModelCopy,
  type VersionedProjectEvent,
} from './project-memberships.repository';
import { createShadow, dropShadow, swapIn, TABLES } from './sql-project-memberships.swap';

interface ProjectRow {
  readonly project_id: string;
  readonly studio_id: string;
  readonly name: string;
  readonly created_at: Date | string;
  readonly version: number;
  readonly client_ids: string[] | null;
}

const COLUMNS = `p.project_id, p.studio_id, p.name, p.created_at, p.version,
  ARRAY(SELECT m.client_id FROM project_members m WHERE m.project_id = p.project_id ORDER BY m.position)
    AS client_ids`;

export class SqlProjectMemberships implements ProjectMembershipsRepository {
  constructor(private readonly db: SqlDatabase) {}

  upsert(copy: ReadModelCopy, states: Iterable<ExistingProjectState>): Promise<number> {
    return this.db.transaction((tx) => upsertStates(tx, copy, states));
  }

  /** In one transaction, the rows locked from their read to their write. */
  fold(copy: ReadModelCopy, events: readonly VersionedProjectEvent[]): Promise<FoldResult> {
    if (events.length === 0) return Promise.resolve({ changed: 0, behind: new Set() });
    return this.db.transaction(async (tx) => {
      const loaded = await loadStates(tx, copy, [...new Set(events.map((e) => e.projectId))]);
      const { newer, behind } = foldProjectEvents(loaded, events);
      return { changed: await upsertStates(tx, copy, newer), behind };
    });
  }

  async get(studioId: string, projectId: string): Promise<ExistingProjectState | undefined> {
    const { rows } = await this.db.query<ProjectRow>(
      `SELECT ${COLUMNS} FROM projects p WHERE p.project_id = $1 AND p.studio_id = $2`,
      [projectId, studioId],
    );
    return rows[0] && toState(rows[0]);
  }

  async list({ studioId, clientId, after, limit }: ProjectPageQuery): Promise<ExistingProjectState[]> {
    const params: unknown[] = [studioId, limit];
    const where = ['p.studio_id = $1'];
    if (clientId !== undefined) {
      params.push(clientId);
      where.push(
        `EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.project_id AND m.client_id = $${params.length})`,
      );
    }
    if (after !== undefined) {
      params.push(after.createdAt, after.id);
      where.push(`(p.created_at, p.project_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    const { rows } = await this.db.query<ProjectRow>(
      `SELECT ${COLUMNS} FROM projects p WHERE ${where.join(' AND ')}
       ORDER BY p.created_at DESC, p.project_id DESC LIMIT $2`,
      params,
    );
    return rows.map(toState);
  }

  async memberships(studioId: string, clientIds: readonly string[]): Promise<Membership[]> {
    if (clientIds.length === 0) return [];
    // Asked with every page of clients: prepared once per connection.
    const { rows } = await this.db.query<{ client_id: string; project_id: string; name: string }>(
      {
        name: 'project_members.of_clients',
        text: `SELECT m.client_id, p.project_id, p.name FROM project_members m
                 JOIN projects p ON p.project_id = m.project_id
               WHERE m.studio_id = $1 AND m.client_id = ANY($2::text[])
               ORDER BY p.created_at DESC, p.project_id DESC`,
      },
      [studioId, [...clientIds]],
    );
    return rows.map((row) => ({ clientId: row.client_id, projectId: row.project_id, name: row.name }));
  }

  createShadow(): Promise<void> {
    return createShadow(this.db);
  }

  dropShadow(): Promise<void> {
    return dropShadow(this.db);
  }

  swapIn(): Promise<number> {
    return this.db.transaction((tx) => swapIn(tx));
  }
}

/** Writes each state over its row when it is newer; returns how many rows changed. */
async function upsertStates(
  tx: SqlExecutor,
  copy: ReadModelCopy,
  states: Iterable<ExistingProjectState>,
): Promise<number> {
  const target = TABLES[copy];
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
async function loadStates(
  tx: SqlExecutor,
  copy: ReadModelCopy,
  projectIds: readonly string[],
): Promise<Map<string, ExistingProjectState>> {
  const target = TABLES[copy];
  const { rows } = await tx.query<ProjectRow>(
    `SELECT p.project_id, p.studio_id, p.name, p.created_at, p.version,
            ARRAY(SELECT m.client_id FROM ${target.members} m WHERE m.project_id = p.project_id
                  ORDER BY m.position) AS client_ids
     FROM ${target.projects} p WHERE p.project_id = ANY($1::text[]) ORDER BY p.project_id FOR UPDATE`,
    [[...projectIds]],
  );
  return new Map(rows.map((row) => [row.project_id, toState(row)]));
}

function toState(row: ProjectRow): ExistingProjectState {
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
