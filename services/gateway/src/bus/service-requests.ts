import { REQUESTER } from '@studio/service-kit';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Actor, Problem } from '@studio/contracts';
import { errorMessage, serviceUnavailable, type Requester } from '@studio/messaging';

/**
 * The gateway's only way to the other services. Refusals pass through as they are; anything else (a
 * transport error, a timeout) is `service-unavailable`, so nothing the bus does can become a 500.
 */
@Injectable()
export class ServiceRequests {
  private readonly log = new Logger('ServiceRequests');

  constructor(@Inject(REQUESTER) private readonly requester: Requester) {}

  async request<V>(subject: string, body: unknown, actor?: Actor, timeoutMs?: number): Promise<V> {
    const call = this.requester.request<V>(subject, body, actor ? { actor } : {});
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
