import { type DynamicModule, Module } from '@nestjs/common';
import { portsProvider, type ServicePorts } from '@studio/service-kit';
import { ClientStreamsRepository } from './clients/client-streams.repository';
import { ClientsController } from './clients/clients.controller';
import { EventsController } from './events/events.controller';
import { StaffEmailsController } from './staff/staff-emails.controller';
import { RegistryStore } from './store/registry-store';

@Module({})
export class ClientRegistryModule {
  static register(ports: ServicePorts): DynamicModule {
    return {
      module: ClientRegistryModule,
      controllers: [ClientsController, StaffEmailsController, EventsController],
      providers: [portsProvider(ports), RegistryStore, ClientStreamsRepository],
    };
  }
}
