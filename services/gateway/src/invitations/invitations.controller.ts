import { Controller, Res } from '@nestjs/common';
import {
  API,
  type InvitationLookupDto,
  type PasswordBody,
  RequestSubject,
  type SessionDto,
  type TokenBody,
} from '@studio/contracts';
import type { Response } from 'express';
import { Access } from '../auth/auth-context';
import { setSessionCookie } from '../auth/session-cookie';
import { ServiceRequests } from '../bus/service-requests';
import { Input, type RequestInput } from '../http/request-input';
import { Route } from '../http/route.decorator';
import { sessionView } from '../studios/session-view';

/** Where a client lands from the link: reading never uses the link up; accepting does. */
@Controller()
@Access('public')
export class InvitationsController {
  constructor(private readonly services: ServiceRequests) {}

  @Route(API.getInvitation)
  async lookup(@Input() { params }: RequestInput<typeof API.getInvitation>): Promise<InvitationLookupDto> {
    const body: TokenBody = { token: params.token };
    const found = await this.services.request<InvitationLookupDto>(RequestSubject.lookupInvitation, body);
    return {
      studio: { name: found.studio.name, slug: found.studio.slug },
      client: { firstName: found.client.firstName, email: found.client.email },
      expiresAt: found.expiresAt,
    };
  }

  @Route(API.acceptInvitation)
  async accept(
    @Input() { params, body: { password } }: RequestInput<typeof API.acceptInvitation>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto & { redirectTo: string }> {
    const body: PasswordBody = { token: params.token, password };
    const session = await this.services.request<SessionDto>(RequestSubject.redeemInvitation, body);
    setSessionCookie(res, session);
    return { ...sessionView(session), redirectTo: '/dashboard' };
  }
}
