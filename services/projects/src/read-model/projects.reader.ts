import { Inject, Injectable } from '@nestjs/common';
import type {
  ListProjectsBody,
  ProjectDto,
  ProjectMemberships,
  ProjectMembershipsBody,
  ProjectPageDto,
  ProjectRefDto,
} from '@studio/contracts';
import { toProjectView } from '@studio/project-domain';
import { DATABASE } from '@studio/service-kit';
import type { SqlDatabase } from '@studio/sql';
import { decodeCursor, encodeCursor } from './cursor';
import { toState } from './project-rows';

const COLUMNS = `p.project_id, p.studio_id, p.name, p.created_at, p.version,
  ARRAY(SELECT m.client_id FROM project_members m WHERE m.project_id = p.project_id ORDER BY m.position)
    AS client_ids`;

type Row = Parameters<typeof toState>[0];

/** Reads of the live read model, always within one studio: another studio's project is not there. */
@Injectable()
export class ProjectsReader {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  async get(studioId: string, projectId: string): Promise<ProjectDto | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM projects p WHERE p.project_id = $1 AND p.studio_id = $2`,
      [projectId, studioId],
    );
    const row = rows[0];
    return row && toProjectView(toState(row));
  }

  /** Newest first; keyset-paged on (creation time, id); `clientId` keeps the projects that client is in. */
  async list({ studioId, clientId, limit, cursor }: ListProjectsBody): Promise<ProjectPageDto> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const params: unknown[] = [studioId, limit + 1];
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
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM projects p WHERE ${where.join(' AND ')}
       ORDER BY p.created_at DESC, p.project_id DESC LIMIT $2`,
      params,
    );
    const items = rows.slice(0, limit).map((row) => toProjectView(toState(row)));
    const last = items.at(-1);
    const more = rows.length > limit && last !== undefined;
    return { items, nextCursor: more ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
  }

  /** The projects of each client (newest first), for many clients in one query. */
  async memberships({ studioId, clientIds }: ProjectMembershipsBody): Promise<ProjectMemberships> {
    const result: Record<string, ProjectRefDto[]> = Object.fromEntries(clientIds.map((id) => [id, []]));
    if (clientIds.length === 0) return result;
    const { rows } = await this.db.query<{ client_id: string; project_id: string; name: string }>(
      `SELECT m.client_id, p.project_id, p.name FROM project_members m
         JOIN projects p ON p.project_id = m.project_id
       WHERE m.studio_id = $1 AND m.client_id = ANY($2::text[])
       ORDER BY p.created_at DESC, p.project_id DESC`,
      [studioId, [...clientIds]],
    );
    for (const row of rows) result[row.client_id]?.push({ id: row.project_id, name: row.name });
    return result;
  }
}
