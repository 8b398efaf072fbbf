import { Controller } from '@nestjs/common';
import { API, type PasswordBody, RequestSubject } from '@studio/contracts';
import { Access } from '../auth/auth-context';
import { Bus } from '../bus/bus';
import { Input, type RequestInput } from '../http/request-input';
import { Route } from '../http/route.decorator';

/** Setting a new password from a reset link; identity ends every session of the account. */
@Controller()
@Access('public')
export class PasswordResetsController {
  constructor(private readonly bus: Bus) {}

  // Not replayable (the table says so): the stored request would keep a fast hash of the new password for a day.
  @Route(API.completePasswordReset)
  async complete(
    @Input() { params, body: { password } }: RequestInput<typeof API.completePasswordReset>,
  ): Promise<void> {
    const body: PasswordBody = { token: params.token, password };
    await this.bus.request<unknown>(RequestSubject.completePasswordReset, body);
  }
}
