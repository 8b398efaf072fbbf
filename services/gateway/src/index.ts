import { type ServiceDefinition } from '@studio/service-kit';
import { gatewayModule } from './gateway.module';
import { sessionWritesMigration } from './clients/session-writes.store';
import { idempotencyMigrations } from './idempotency/idempotency.migrations';

export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  migrations: [...idempotencyMigrations, sessionWritesMigration],
  module: (ports) => gatewayModule(ports),
};
