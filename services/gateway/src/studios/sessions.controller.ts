import { Controller, Res } from '@nestjs/common';
import {
  API,
  type MeDto,
  type ProjectMemberships,
  type ProjectMembershipsBody,
  RequestSubject,
} from '@studio/contracts';
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

  /** A client's session lists the projects the client is in; a member of staff is in none. */
  @Route(API.getMe)
  async me(@Auth() auth: AuthContext): Promise<MeDto> {
    const { principal, studio } = auth;
    return {
      principal: principalView(principal),
      studio: { id: studio.id, name: studio.name, slug: studio.slug },
      projects: principal.kind === 'client' ? await this.projectsOf(auth) : [],
    };
  }

  private async projectsOf(auth: AuthContext): Promise<MeDto['projects']> {
    const { id, studioId } = auth.principal;
    const body: ProjectMembershipsBody = { studioId, clientIds: [id] };
    const memberships = await this.services.request<ProjectMemberships>(
      RequestSubject.projectMemberships,
      body,
      auth.actor,
    );
    return memberships[id] ?? [];
  }
}
