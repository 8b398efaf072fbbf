import { type ServiceDefinition } from '@studio/service-kit';
import { gatewayModule } from './gateway.module';
import { gatewayMigrations } from './gateway.migrations';

export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  migrations: gatewayMigrations,
  module: (ports) => gatewayModule(ports),
};
