import { type GatewaySettings, readGatewaySettings } from './gateway.settings';
import { type ServiceDefinition } from '@studio/service-kit';
import { gatewayModule } from './gateway.module';
import { sessionWritesMigration, sessionWritesUnloggedMigration } from './clients/session-writes.store';
import { rateLimitMigration, rateLimitUnloggedMigration } from './http/rate-limits';
import { idempotencyMigrations } from './idempotency/idempotency.migrations';

export const gatewayService: ServiceDefinition<GatewaySettings> = {
  name: 'gateway',
  migrations: [
    ...idempotencyMigrations,
    sessionWritesMigration,
    rateLimitMigration,
    sessionWritesUnloggedMigration,
    rateLimitUnloggedMigration,
  ],
  settings: readGatewaySettings,
  module: (ports) => gatewayModule(ports),
};
