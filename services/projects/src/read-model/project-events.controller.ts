import { Controller, Inject, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DurableSubject, PublishedEventSchema } from '@studio/contracts';
import { Durable, type DurableMessage } from '@studio/messaging';
import { ReadModelWriter } from './read-model.writer';

/**
 * The read model's second writer: every project event, in each project's order, applied with the same guarded
 * write as the write path's. Usually that write got there first and this changes nothing; after a crash
 * between an append and its write (or a write that failed), this is what brings the read model up to date.
 */
@Controller()
export class ProjectEventsController {
  private readonly log = new Logger(ProjectEventsController.name);

  constructor(@Inject(ReadModelWriter) private readonly writer: ReadModelWriter) {}

  @Durable(`${DurableSubject.projectEvents}.>`, { ordered: true })
  async onProjectEvent(@Payload() message: DurableMessage): Promise<void> {
    const published = PublishedEventSchema.safeParse(message.data);
    if (!published.success) {
      this.log.warn(`skipped ${message.id}: not a published event`);
      return;
    }
    await this.writer.apply('live', [published.data]);
  }
}
