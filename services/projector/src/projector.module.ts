import { type DynamicModule, Module } from '@nestjs/common';
import { portsProvider, type ServicePorts } from '@studio/service-kit';
import { ClientIndexController } from './client-index/client-index.controller';
import { ClientIndexReader } from './client-index/client-index.reader';
import { ClientIndexWriter } from './client-index/client-index.writer';
import { ClientIndexRebuild } from './rebuild/client-index-rebuild';
import { RebuildController } from './rebuild/rebuild.controller';

@Module({})
export class ProjectorModule {
  static register(ports: ServicePorts): DynamicModule {
    return {
      module: ProjectorModule,
      controllers: [ClientIndexController, RebuildController],
      providers: [portsProvider(ports), ClientIndexReader, ClientIndexWriter, ClientIndexRebuild],
    };
  }
}
