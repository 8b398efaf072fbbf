import type { ProjectDto } from '@studio/contracts';
import type { ExistingProjectState } from './project.state';

/** The project as API.md shows it. */
export function toProjectView(state: ExistingProjectState): ProjectDto {
  const { projectId, name, clientIds, createdAt, version } = state;
  return { id: projectId, name, clientIds: [...clientIds], createdAt, version };
}
