import { type DynamicModule, Module } from '@nestjs/common';
import { portProviders, type ServicePorts } from '@studio/service-kit';
import { ClientIndexController } from './client-index/client-index.controller';
import { ClientIndexReader } from './client-index/client-index.reader';
import { ClientIndexWriter } from './client-index/client-index.writer';
import { ClientIndexRebuild } from './rebuild/client-index-rebuild';
import { RebuildController } from './rebuild/rebuild.controller';

@Module({})
export class ProjectorModule {
  static register(ports: ServicePorts<unknown>): DynamicModule {
    return {
      module: ProjectorModule,
      controllers: [ClientIndexController, RebuildController],
      providers: [...portProviders(ports), ClientIndexReader, ClientIndexWriter, ClientIndexRebuild],
    };
  }
}
