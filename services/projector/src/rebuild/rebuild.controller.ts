import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ClientIndexRebuildStatus,
  type ClientIndexRebuildStatusBody,
  type Envelope,
  type RebuildClientIndexBody,
  RequestSubject,
  Problem,
} from '@studio/contracts';
import { ClientIndexRebuild, DEFAULT_PAGE_SIZE } from './client-index-rebuild';

const MAX_PAGE_SIZE = 1_000;

/** Operations on the client index: start a rebuild (answered at once), and follow it. */
@Controller()
export class RebuildController {
  constructor(@Inject(ClientIndexRebuild) private readonly rebuild: ClientIndexRebuild) {}

  @MessagePattern(RequestSubject.rebuildClientIndex)
  start(@Payload() { body }: Envelope<RebuildClientIndexBody | null>): Promise<ClientIndexRebuildStatus> {
    const pageSize = body?.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      const message = `must be 1 to ${MAX_PAGE_SIZE}`;
      throw Problem.of('validation-failed', `pageSize ${message}`, [{ field: 'pageSize', message }]);
    }
    return this.rebuild.start(pageSize, body?.dryRun === true);
  }

  @MessagePattern(RequestSubject.clientIndexRebuildStatus)
  status(
    @Payload() { body }: Envelope<ClientIndexRebuildStatusBody | null>,
  ): Promise<ClientIndexRebuildStatus> {
    return this.rebuild.status(body?.rebuildId);
  }
}
