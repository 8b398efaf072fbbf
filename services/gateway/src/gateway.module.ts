import { CheckoutController } from './checkout/checkout.controller';
import type { GatewaySettings } from './gateway.settings';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { portProviders, READINESS_PROBE, type ServicePorts } from '@studio/service-kit';
import { SessionGuard } from './auth/session.guard';
import { ServiceRequests } from './bus/service-requests';
import { ClientReads } from './clients/client-reads';
import { ClientsController } from './clients/clients.controller';
import { SessionWritesStore } from './clients/session-writes.store';
import { DocsController } from './docs/docs.controller';
import { ReadyController } from './health/ready.controller';
import { SystemReadiness } from './health/system-readiness';
import { EtagInterceptor } from './http/etag.interceptor';
import { HttpPipeline } from './http/http-pipeline';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { InvitationsController } from './invitations/invitations.controller';
import { EmailVerificationsController } from './invitations/email-verifications.controller';
import { PasswordResetsController } from './invitations/password-resets.controller';
import { ProjectsController } from './projects/projects.controller';
import { SessionsController } from './studios/sessions.controller';
import { StudiosController } from './studios/studios.controller';
import { WebPages } from './web/web-pages';

/** Every controller of the gateway's API (a test holds their routes to the route table). */
export const GATEWAY_CONTROLLERS = [
  StudiosController,
  SessionsController,
  ClientsController,
  InvitationsController,
  PasswordResetsController,
  EmailVerificationsController,
  ProjectsController,
  ReadyController,
  DocsController,
  CheckoutController,
] as const;

export function gatewayModule(ports: ServicePorts<GatewaySettings>): DynamicModule {
  @Module({})
  class GatewayModule {}
  return {
    module: GatewayModule,
    controllers: [...GATEWAY_CONTROLLERS],
    providers: [
      ...portProviders(ports),
      HttpPipeline,
      WebPages,
      ServiceRequests,
      SessionWritesStore,
      ClientReads,
      IdempotencyStore,
      SystemReadiness,
      { provide: READINESS_PROBE, useExisting: SystemReadiness },
      { provide: APP_GUARD, useClass: SessionGuard },
      { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      { provide: APP_INTERCEPTOR, useClass: EtagInterceptor },
    ],
  };
}
