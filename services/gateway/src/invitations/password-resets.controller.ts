import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { type PasswordBody, RequestSubject } from '@studio/contracts';
import { Access } from '../auth/auth-context';
import { Bus } from '../bus/bus';
import { SkipIdempotency } from '../idempotency/skip-idempotency';
import { passwordBody } from '../validation/bodies';
import { parseBody } from '../validation/validator';

/** Setting a new password from a reset link; identity ends every session of the account. */
@Controller('api/v1/password-resets')
@Access('public')
export class PasswordResetsController {
  constructor(private readonly bus: Bus) {}

  // Not replayable: the stored request would keep a fast hash of the new password for a day.
  @SkipIdempotency()
  @Post(':token')
  @HttpCode(204)
  async complete(@Param('token') token: string, @Body() raw: unknown): Promise<void> {
    const { password } = parseBody(passwordBody, raw);
    const body: PasswordBody = { token, password };
    await this.bus.request<unknown>(RequestSubject.completePasswordReset, body);
  }
}
