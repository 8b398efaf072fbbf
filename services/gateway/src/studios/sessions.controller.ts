import { Controller, Delete, Get, HttpCode, Res } from '@nestjs/common';
import { type PrincipalDto, RequestSubject, type StudioDto } from '@studio/contracts';
import type { Response } from 'express';
import { Access, Auth, type AuthContext } from '../auth/auth-context';
import { clearSessionCookie } from '../auth/session-cookie';
import { Bus } from '../bus/bus';
import { principalView } from './session-view';

export interface MeDto {
  readonly principal: PrincipalDto;
  readonly studio: StudioDto;
  readonly projects: readonly { readonly id: string; readonly name: string }[];
}

/** The caller's own session: who am I, sign out. */
@Controller('api/v1')
@Access('session')
export class SessionsController {
  constructor(private readonly bus: Bus) {}

  @Delete('sessions/current')
  @HttpCode(204)
  async signOut(@Auth() auth: AuthContext, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.bus.request<unknown>(RequestSubject.signOut, { token: auth.token }, auth.caller);
    clearSessionCookie(res);
  }

  /** Projects are not served yet (a later part of the API): the list is empty for now. */
  @Get('me')
  me(@Auth() auth: AuthContext): MeDto {
    const { principal, studio } = auth;
    return {
      principal: principalView(principal),
      studio: { id: studio.id, name: studio.name, slug: studio.slug },
      projects: [],
    };
  }
}
