import { EVENT_STORE } from '@studio/service-kit';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type Envelope,
  type ReadEventsBody,
  type ReadEventsResult,
  RequestSubject,
  Problem,
} from '@studio/contracts';
import { type ReadAllPage, type EventStore } from '@studio/event-store';
import { toPublished } from '@studio/messaging';

const MAX_LIMIT = 1_000;

/**
 * The event store read in its global order, page by page, for a read model replaying it from the start (the
 * projector's rebuild). Events hold no secrets; only services reach the request bus.
 */
@Controller()
export class EventsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @MessagePattern(RequestSubject.readEvents)
  async read(@Payload() { body }: Envelope<ReadEventsBody>): Promise<ReadEventsResult> {
    const { from, limit } = body;
    if (typeof from !== 'string' || from === '') invalid('from', 'must be a position of the event store');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      invalid('limit', `must be 1 to ${MAX_LIMIT}`);
    let page: ReadAllPage;
    try {
      page = await this.store.readAll({ from, limit });
    } catch (error) {
      // The store refuses a position it did not hand out.
      if (error instanceof RangeError) invalid('from', 'is not a position of this event store');
      throw error;
    }
    return { events: page.events.map(toPublished), next: page.next };
  }
}

function invalid(field: string, message: string): never {
  throw Problem.of('validation-failed', `${field} ${message}`, [{ field, message }]);
}
