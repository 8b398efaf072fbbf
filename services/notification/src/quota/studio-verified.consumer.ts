import { Controller, Inject, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DurableSubject, StudioVerifiedSchema } from '@studio/contracts';
import { Durable, type DurableMessage } from '@studio/messaging';
import { EmailQuotaRepository } from './email-quota.repository';

/** Identity says a studio's owner verified their address: the studio's daily quota becomes the higher one. */
@Controller()
export class StudioVerifiedConsumer {
  private readonly log = new Logger(StudioVerifiedConsumer.name);

  constructor(@Inject(EmailQuotaRepository) private readonly quota: EmailQuotaRepository) {}

  @Durable(DurableSubject.studioVerified)
  async onStudioVerified(@Payload() message: DurableMessage): Promise<void> {
    const parsed = StudioVerifiedSchema.safeParse(message.data);
    if (!parsed.success) {
      this.log.warn(`dropping a message that is not a studio verification: ${message.id}`);
      return;
    }
    await this.quota.markVerified(parsed.data.studioId, new Date(parsed.data.at));
  }
}
