import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ClientIndexRebuildStatusBody,
  type Envelope,
  Problem,
  type ProjectsRebuildStatus,
  type RebuildClientIndexBody,
  RequestSubject,
} from '@studio/contracts';
import { DEFAULT_PAGE_SIZE, ProjectsRebuild } from './projects-rebuild';

const MAX_PAGE_SIZE = 1_000;

/** Operations on the projects read model: start a rebuild (answered at once), and follow it. */
@Controller()
export class RebuildController {
  constructor(@Inject(ProjectsRebuild) private readonly rebuild: ProjectsRebuild) {}

  /** The same body as the client index's rebuild: `{pageSize?}`. */
  @MessagePattern(RequestSubject.rebuildProjects)
  start(@Payload() { body }: Envelope<RebuildClientIndexBody | null>): Promise<ProjectsRebuildStatus> {
    const pageSize = body?.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      const message = `must be 1 to ${MAX_PAGE_SIZE}`;
      throw Problem.of('validation-failed', `pageSize ${message}`, [{ field: 'pageSize', message }]);
    }
    return this.rebuild.start(pageSize);
  }

  @MessagePattern(RequestSubject.projectsRebuildStatus)
  status(@Payload() { body }: Envelope<ClientIndexRebuildStatusBody | null>): Promise<ProjectsRebuildStatus> {
    return this.rebuild.status(body?.rebuildId);
  }
}
