/**
 * `npm run projects:rebuild [-- --page-size=N]`: rebuilds the projects read model (projects and memberships)
 * from the first event, while the system runs (see runRebuildCli).
 */
import { RequestSubject } from '@studio/contracts';
import { runRebuildCli } from '@studio/service-kit';

runRebuildCli({
  readModel: 'the projects read model',
  actor: { kind: 'system', id: 'projects-rebuild-cli' },
  start: RequestSubject.rebuildProjects,
  status: RequestSubject.projectsRebuildStatus,
});
