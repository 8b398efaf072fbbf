import { type ServiceDefinition } from '@studio/service-kit';
import { gatewayModule } from './gateway.module';
import { idempotencyMigrations } from './idempotency/idempotency.migrations';

export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  migrations: idempotencyMigrations,
  module: (ports) => gatewayModule(ports),
};
