import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Caller, Problem } from '@studio/contracts';
import { errorMessage, serviceUnavailable } from '@studio/messaging';
import { PORTS, type ServicePorts } from '@studio/service-kit';

/**
 * The gateway's only way to the other services. Refusals pass through as they are; anything else (a
 * transport error, a timeout) is `service-unavailable`, so nothing the bus does can become a 500.
 */
@Injectable()
export class Bus {
  private readonly log = new Logger('Bus');

  constructor(@Inject(PORTS) private readonly ports: ServicePorts) {}

  async request<V>(subject: string, body: unknown, actor?: Caller, timeoutMs?: number): Promise<V> {
    const call = this.ports.requester.request<V>(subject, body, actor ? { actor } : {});
    try {
      return await (timeoutMs === undefined ? call : withTimeout(call, timeoutMs, subject));
    } catch (error) {
      if (error instanceof Problem) throw error;
      this.log.warn(`request ${subject} failed: ${errorMessage(error)}`);
      throw serviceUnavailable(subject);
    }
  }
}

async function withTimeout<V>(work: Promise<V>, ms: number, subject: string): Promise<V> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(serviceUnavailable(subject)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
