import { type DynamicModule, Module } from '@nestjs/common';
import { portsProvider, type ServicePorts } from '@studio/service-kit';
import { ClientIndexController } from './client-index/client-index.controller';
import { ClientIndexReader } from './client-index/client-index.reader';
import { ClientIndexWriter } from './client-index/client-index.writer';

@Module({})
export class ProjectorModule {
  static register(ports: ServicePorts): DynamicModule {
    return {
      module: ProjectorModule,
      controllers: [ClientIndexController],
      providers: [portsProvider(ports), ClientIndexReader, ClientIndexWriter],
    };
  }
}
