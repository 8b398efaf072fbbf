import { type NotificationSettings, readNotificationSettings } from './notification.settings';
import type { ServiceDefinition } from '@studio/service-kit';
import { notificationMigrations } from './notification.migrations';
import { notificationModule } from './notification.module';

export const notificationService: ServiceDefinition<NotificationSettings> = {
  name: 'notification',
  sealsLinks: true,
  migrations: notificationMigrations,
  settings: readNotificationSettings,
  module: notificationModule,
};
