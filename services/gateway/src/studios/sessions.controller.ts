import { Controller, Res } from '@nestjs/common';
import { API, type MeDto, RequestSubject } from '@studio/contracts';
import type { Response } from 'express';
import { Access, Auth, type AuthContext } from '../auth/auth-context';
import { clearSessionCookie } from '../auth/session-cookie';
import { ServiceRequests } from '../bus/service-requests';
import { Route } from '../http/route.decorator';
import { principalView } from './session-view';

/** The caller's own session: who am I, sign out. */
@Controller()
@Access('session')
export class SessionsController {
  constructor(private readonly services: ServiceRequests) {}

  @Route(API.signOut)
  async signOut(@Auth() auth: AuthContext, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.services.request<unknown>(RequestSubject.signOut, { token: auth.token }, auth.actor);
    clearSessionCookie(res);
  }

  /** Projects are not served yet (a later part of the API): the list is empty for now. */
  @Route(API.getMe)
  me(@Auth() auth: AuthContext): MeDto {
    const { principal, studio } = auth;
    return {
      principal: principalView(principal),
      studio: { id: studio.id, name: studio.name, slug: studio.slug },
      projects: [],
    };
  }
}
