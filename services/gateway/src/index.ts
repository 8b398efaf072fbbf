import { type GatewaySettings, readGatewaySettings } from './gateway.settings';
import { type ServiceDefinition } from '@studio/service-kit';
import { gatewayModule } from './gateway.module';
import { sessionWritesMigration } from './clients/session-writes.store';
import { rateLimitMigration } from './http/rate-limits';
import { idempotencyMigrations } from './idempotency/idempotency.migrations';

export const gatewayService: ServiceDefinition<GatewaySettings> = {
  name: 'gateway',
  migrations: [...idempotencyMigrations, sessionWritesMigration, rateLimitMigration],
  settings: readGatewaySettings,
  module: (ports) => gatewayModule(ports),
};
