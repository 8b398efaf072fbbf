import { type ServiceDefinition } from '@studio/service-kit';
import { gatewayModule } from './gateway.module';
import { sessionWritesMigration } from './clients/session-writes.store';
import { rateLimitMigration } from './http/rate-limits';
import { idempotencyMigrations } from './idempotency/idempotency.migrations';

export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  migrations: [...idempotencyMigrations, sessionWritesMigration, rateLimitMigration],
  module: (ports) => gatewayModule(ports),
};
