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
import { decodeCursor, encodeCursor } from './cursor';
import { PROJECT_MEMBERSHIPS, type ProjectMembershipsRepository } from './project-memberships.repository';

/** Reads of the live read model, always within one studio: another studio's project is not there. */
@Injectable()
export class ProjectsReader {
  constructor(@Inject(PROJECT_MEMBERSHIPS) private readonly repository: ProjectMembershipsRepository) {}

  async get(studioId: string, projectId: string): Promise<ProjectDto | undefined> {
    const state = await this.repository.get(studioId, projectId);
    return state && toProjectView(state);
  }

  /** Newest first; keyset-paged on (creation time, id); `clientId` keeps the projects that client is in. */
  async list({ studioId, clientId, limit, cursor }: ListProjectsBody): Promise<ProjectPageDto> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // One more than the page: whether there is a next page.
    const states = await this.repository.list({
      studioId,
      limit: limit + 1,
      ...(clientId === undefined ? {} : { clientId }),
      ...(after === undefined ? {} : { after }),
    });
    const items = states.slice(0, limit).map(toProjectView);
    const last = items.at(-1);
    const more = states.length > limit && last !== undefined;
    return { items, nextCursor: more ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
  }

  /** The projects of each client (newest first), for many clients in one query. */
  async memberships({ studioId, clientIds }: ProjectMembershipsBody): Promise<ProjectMemberships> {
    const result: Record<string, ProjectRefDto[]> = Object.fromEntries(clientIds.map((id) => [id, []]));
    for (const row of await this.repository.memberships(studioId, clientIds))
      result[row.clientId]?.push({ id: row.projectId, name: row.name });
    return result;
  }
}
