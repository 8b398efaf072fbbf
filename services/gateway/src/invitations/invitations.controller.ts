import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  type InvitationLookupDto,
  type PasswordBody,
  RequestSubject,
  type SessionDto,
  type TokenBody,
} from '@studio/contracts';
import type { Response } from 'express';
import { Access } from '../auth/auth-context';
import { setSessionCookie } from '../auth/session-cookie';
import { Bus } from '../bus/bus';
import { SkipIdempotency } from '../idempotency/skip-idempotency';
import { sessionView } from '../studios/session-view';
import { passwordBody } from '../validation/bodies';
import { parseBody } from '../validation/validator';

/** Where a client lands from the link: reading never uses the link up; accepting does. */
@Controller('api/v1/invitations')
@Access('public')
export class InvitationsController {
  constructor(private readonly bus: Bus) {}

  @Get(':token')
  async lookup(@Param('token') token: string): Promise<InvitationLookupDto> {
    const body: TokenBody = { token };
    const found = await this.bus.request<InvitationLookupDto>(RequestSubject.lookupInvitation, body);
    return {
      studio: { name: found.studio.name, slug: found.studio.slug },
      client: { firstName: found.client.firstName, email: found.client.email },
      expiresAt: found.expiresAt,
    };
  }

  @Post(':token/acceptance')
  @HttpCode(201)
  @SkipIdempotency()
  async accept(
    @Param('token') token: string,
    @Body() raw: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto & { redirectTo: string }> {
    const { password } = parseBody(passwordBody, raw);
    const body: PasswordBody = { token, password };
    const session = await this.bus.request<SessionDto>(RequestSubject.redeemInvitation, body);
    setSessionCookie(res, session);
    return { ...sessionView(session), redirectTo: '/dashboard' };
  }
}
