/**
 * `npm run projector:rebuild [-- --page-size=N]`: rebuilds the projector's client index from the first event,
 * while the system runs (see runRebuildCli).
 */
import { RequestSubject } from '@studio/contracts';
import { runRebuildCli } from '@studio/service-kit';

runRebuildCli({
  readModel: 'the client index',
  actor: { kind: 'system', id: 'projector-rebuild-cli' },
  start: RequestSubject.rebuildClientIndex,
  status: RequestSubject.clientIndexRebuildStatus,
});
