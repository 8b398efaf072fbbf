import { Controller, Logger, Req, Res } from '@nestjs/common';
import {
  API,
  type PasswordResetRequestBody,
  RequestSubject,
  type SessionDto,
  type SignInBody,
  type StudioDto,
} from '@studio/contracts';
import type { Request, Response } from 'express';
import { Access } from '../auth/auth-context';
import { setSessionCookie } from '../auth/session-cookie';
import { ServiceRequests } from '../bus/service-requests';
import { clientAddress } from '../http/rate-limits';
import { Input, type RequestInput } from '../http/request-input';
import { Route } from '../http/route.decorator';
import { sessionView } from './session-view';
import { errorMessage } from '@studio/messaging';

/** Public studio endpoints: sign up, sign in, forgot password. */
@Controller()
@Access('public')
export class StudiosController {
  private readonly log = new Logger('StudiosController');

  constructor(private readonly services: ServiceRequests) {}

  @Route(API.createStudio)
  async create(
    @Input() { body }: RequestInput<typeof API.createStudio>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ studio: StudioDto; session: SessionDto }> {
    const created = await this.services.request<{ studio: StudioDto; session: SessionDto }>(
      RequestSubject.createStudio,
      body,
    );
    setSessionCookie(res, created.session);
    return {
      studio: { id: created.studio.id, name: created.studio.name, slug: created.studio.slug },
      session: sessionView(created.session),
    };
  }

  @Route(API.signIn)
  async signIn(
    @Input() { params, body: credentials }: RequestInput<typeof API.signIn>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const body: SignInBody = { slug: params.slug, ...credentials, address: clientAddress(req) };
    const session = await this.services.request<SessionDto>(RequestSubject.signIn, body);
    setSessionCookie(res, session);
    return sessionView(session);
  }

  /**
   * Always 202 with nothing in it, answered before identity is even asked: whether the address exists, and
   * how long identity takes to find out, must not show (no account enumeration, no timing side channel).
   */
  @Route(API.requestPasswordReset)
  requestPasswordReset(
    @Input() { params, body: { email } }: RequestInput<typeof API.requestPasswordReset>,
    @Req() req: Request,
  ): void {
    const body: PasswordResetRequestBody = { slug: params.slug, email, address: clientAddress(req) };
    this.services.request<unknown>(RequestSubject.requestPasswordReset, body).catch((error: unknown) => {
      this.log.warn(`password reset request not handled: ${errorMessage(error)}`);
    });
  }
}
