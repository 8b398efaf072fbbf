import { type DynamicModule, Module } from '@nestjs/common';
import { portProviders, type ServicePorts, eventStoreProviders } from '@studio/service-kit';
import type { ClientRegistrySettings } from './client-registry.settings';
import { CheckoutConsumer } from './checkout/checkout.consumer';
import { PurchaseRecorder } from './checkout/purchase-recorder';
import { ClientCommandHandler } from './clients/client-command.handler';
import { ClientsController } from './clients/clients.controller';
import { EventPublisherService } from './event-store/event-publisher.service';
import { EventsController } from './events/events.controller';
import { ClientStreamController } from './ops/client-stream.controller';
import { StaffEmailsController } from './staff/staff-emails.controller';

@Module({})
export class ClientRegistryModule {
  static register(ports: ServicePorts<ClientRegistrySettings>): DynamicModule {
    return {
      module: ClientRegistryModule,
      controllers: [
        ClientsController,
        StaffEmailsController,
        EventsController,
        ClientStreamController,
        CheckoutConsumer,
      ],
      providers: [
        ...portProviders(ports),
        ...eventStoreProviders(ports),
        EventPublisherService,
        ClientCommandHandler,
        PurchaseRecorder,
      ],
    };
  }
}
