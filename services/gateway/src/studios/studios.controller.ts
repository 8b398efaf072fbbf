import { Body, Controller, HttpCode, Logger, Param, Post, Req, Res } from '@nestjs/common';
import {
  type CreateStudioBody,
  type PasswordResetRequestBody,
  RequestSubject,
  type SessionDto,
  type SignInBody,
  type StudioDto,
} from '@studio/contracts';
import type { Request, Response } from 'express';
import { Access } from '../auth/auth-context';
import { setSessionCookie } from '../auth/session-cookie';
import { Bus } from '../bus/bus';
import { clientAddress } from '../http/rate-limits';
import { SkipIdempotency } from '../idempotency/skip-idempotency';
import { createStudioBody, passwordResetRequestBody, signInBody } from '../validation/bodies';
import { parseBody } from '../validation/validator';
import { sessionView } from './session-view';
import { errorMessage } from '@studio/messaging';

/** Public studio endpoints: sign up, sign in, forgot password. */
@Controller('api/v1/studios')
@Access('public')
export class StudiosController {
  private readonly log = new Logger('StudiosController');

  constructor(private readonly bus: Bus) {}

  @Post()
  @HttpCode(201)
  @SkipIdempotency()
  async create(
    @Body() raw: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ studio: StudioDto; session: SessionDto }> {
    const body: CreateStudioBody = parseBody(createStudioBody, raw);
    const created = await this.bus.request<{ studio: StudioDto; session: SessionDto }>(
      RequestSubject.createStudio,
      body,
    );
    setSessionCookie(res, created.session);
    return {
      studio: { id: created.studio.id, name: created.studio.name, slug: created.studio.slug },
      session: sessionView(created.session),
    };
  }

  @Post(':slug/sessions')
  @HttpCode(201)
  @SkipIdempotency()
  async signIn(
    @Param('slug') slug: string,
    @Body() raw: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const { email, password } = parseBody(signInBody, raw);
    const body: SignInBody = { slug, email, password, address: clientAddress(req) };
    const session = await this.bus.request<SessionDto>(RequestSubject.signIn, body);
    setSessionCookie(res, session);
    return sessionView(session);
  }

  /**
   * Always 202 with nothing in it, answered before identity is even asked: whether the address exists, and
   * how long identity takes to find out, must not show (no account enumeration, no timing side channel).
   */
  @Post(':slug/password-resets')
  @HttpCode(202)
  requestPasswordReset(@Param('slug') slug: string, @Body() raw: unknown, @Req() req: Request): void {
    const { email } = parseBody(passwordResetRequestBody, raw);
    const body: PasswordResetRequestBody = { slug, email, address: clientAddress(req) };
    this.bus.request<unknown>(RequestSubject.requestPasswordReset, body).catch((error: unknown) => {
      this.log.warn(`password reset request not handled: ${errorMessage(error)}`);
    });
  }
}
