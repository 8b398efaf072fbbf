import type { NotificationSettings } from './notification.settings';
import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxService, portProviders, type ServicePorts } from '@studio/service-kit';
import { DeliveriesRepository } from './deliveries/deliveries.repository';
import { MailRequestsConsumer } from './deliveries/mail-requests.consumer';
import { EmailQuotaRepository } from './quota/email-quota.repository';
import { StudioVerifiedConsumer } from './quota/studio-verified.consumer';
import { createMailer } from './mail/mailer.factory';
import { MAILER, type Mailer } from './mail/mailer.port';
import { MailRenderer } from './templates/mail.renderer';

/** Closes the mail transport (SMTP connections) when the service stops. */
@Injectable()
class MailerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}

export function notificationModule(ports: ServicePorts<NotificationSettings>): DynamicModule {
  @Module({
    controllers: [MailRequestsConsumer, StudioVerifiedConsumer],
    providers: [
      ...portProviders(ports),
      { provide: MAILER, useFactory: () => createMailer(ports.settings) },
      { provide: MailRenderer, useFactory: () => new MailRenderer() },
      MailerLifecycle,
      DeliveriesRepository,
      EmailQuotaRepository,
      OutboxService,
    ],
  })
  class NotificationModule {}
  return { module: NotificationModule };
}
