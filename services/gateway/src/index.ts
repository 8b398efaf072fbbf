import { type ServiceDefinition } from '@studio/service-kit';
import { gatewayModule } from './gateway.module';
import { readRateLimits } from './http/rate-limits';
import { idempotencyMigrations } from './idempotency/idempotency.migrations';

export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  migrations: idempotencyMigrations,
  module: (ports) => gatewayModule(ports, readRateLimits(process.env)),
};
