import { Controller } from '@nestjs/common';
import { API, readySubject, type ServiceName, Problem } from '@studio/contracts';
import { ServiceRequests } from '../bus/service-requests';
import { Route } from '../http/route.decorator';

const DEPENDENCIES: readonly ServiceName[] = [
  'client-registry',
  'invitation',
  'identity',
  'notification',
  'projector',
  'projects',
];
const READY_TIMEOUT_MS = 1_000;

/** The gateway is ready when every service behind it says so within a second (the kit serves liveness). */
@Controller()
export class ReadyController {
  constructor(private readonly services: ServiceRequests) {}

  @Route(API.ready)
  async ready(): Promise<{ status: 'ok'; services: Record<string, 'ready'> }> {
    const answers = await Promise.all(
      DEPENDENCIES.map(async (name) => [name, await this.isReady(name)] as const),
    );
    const waiting = answers.filter(([, ready]) => !ready).map(([name]) => name);
    if (waiting.length > 0) throw Problem.of('service-unavailable', `not ready: ${waiting.join(', ')}`);
    return {
      status: 'ok',
      services: Object.fromEntries(DEPENDENCIES.map((name) => [name, 'ready' as const])),
    };
  }

  private async isReady(name: ServiceName): Promise<boolean> {
    try {
      const answer = await this.services.request<{ ready?: unknown }>(
        readySubject(name),
        {},
        undefined,
        READY_TIMEOUT_MS,
      );
      return answer.ready === true;
    } catch {
      return false;
    }
  }
}
