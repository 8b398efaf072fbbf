import { Injectable } from '@nestjs/common';
import { readySubject, SERVICE_NAMES, type ServiceName, Problem } from '@studio/contracts';
import type { ReadinessProbe } from '@studio/service-kit';
import { ServiceRequests } from '../bus/service-requests';

/** Every service behind the gateway. */
const DEPENDENCIES = SERVICE_NAMES.filter(
  (name): name is Exclude<ServiceName, 'gateway'> => name !== 'gateway',
);
const READY_TIMEOUT_MS = 1_000;

export interface SystemReady {
  readonly status: 'ok';
  readonly services: Record<string, 'ready'>;
}

/**
 * The whole system is ready when every service behind the gateway says so within a second: what
 * `/health/ready` answers, on the public port and on the ops port alike.
 */
@Injectable()
export class SystemReadiness implements ReadinessProbe {
  constructor(private readonly services: ServiceRequests) {}

  async check(): Promise<SystemReady> {
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
