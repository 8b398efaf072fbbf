import type { IdentitySettings } from './identity.settings';
import { type DynamicModule, Module } from '@nestjs/common';
import { OutboxService, portProviders, type ServicePorts } from '@studio/service-kit';
import { AccountsRepository } from './accounts/accounts.repository';
import { ClientEventsConsumer } from './client-events/client-events.consumer';
import { ClientActivation } from './credentials/client-activation.service';
import { CredentialsController } from './credentials/credentials.controller';
import { StagedCredentialsRepository } from './credentials/staged-credentials.repository';
import { EmailVerificationsController } from './email-verifications/email-verifications.controller';
import { EmailVerificationsRepository } from './email-verifications/email-verifications.repository';
import { OwnerVerification } from './email-verifications/owner-verification.service';
import { PasswordResetsController } from './password-resets/password-resets.controller';
import { PasswordResetsRepository } from './password-resets/password-resets.repository';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsRepository } from './sessions/sessions.repository';
import { SignInThrottleRepository } from './sign-in/sign-in-throttle.repository';
import { StudiosController } from './studios/studios.controller';
import { StudiosRepository } from './studios/studios.repository';

@Module({})
class IdentityModule {}

export function identityModule(ports: ServicePorts<IdentitySettings>): DynamicModule {
  return {
    module: IdentityModule,
    controllers: [
      StudiosController,
      SessionsController,
      PasswordResetsController,
      CredentialsController,
      EmailVerificationsController,
      ClientEventsConsumer,
    ],
    providers: [
      ...portProviders(ports),
      OutboxService,
      StudiosRepository,
      AccountsRepository,
      SessionsRepository,
      SignInThrottleRepository,
      PasswordResetsRepository,
      StagedCredentialsRepository,
      ClientActivation,
      EmailVerificationsRepository,
      OwnerVerification,
    ],
  };
}
