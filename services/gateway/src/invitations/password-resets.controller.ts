import { Controller } from '@nestjs/common';
import { API, type PasswordBody, RequestSubject } from '@studio/contracts';
import { Access } from '../auth/auth-context';
import { ServiceRequests } from '../bus/service-requests';
import { Input, type RequestInput } from '../http/request-input';
import { Route } from '../http/route.decorator';

/** Setting a new password from a reset link; identity ends every session of the account. */
@Controller()
@Access('public')
export class PasswordResetsController {
  constructor(private readonly services: ServiceRequests) {}

  // Not replayable (the table says so): the stored request would keep a fast hash of the new password for a day.
  @Route(API.completePasswordReset)
  async complete(
    @Input() { params, body: { password } }: RequestInput<typeof API.completePasswordReset>,
  ): Promise<void> {
    const body: PasswordBody = { token: params.token, password };
    await this.services.request<unknown>(RequestSubject.completePasswordReset, body);
  }
}
