import type { ServiceDefinition } from '@studio/service-kit';
import { notificationMigrations } from './notification.migrations';
import { notificationModule } from './notification.module';

export const notificationService: ServiceDefinition = {
  name: 'notification',
  migrations: notificationMigrations,
  module: notificationModule,
};
