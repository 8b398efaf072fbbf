import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  type AuthenticatedDto,
  type ClientRecord,
  type ClientRef,
  RequestSubject,
  Problem,
} from '@studio/contracts';
import { createHash } from 'node:crypto';
import { ServiceRequests } from '../bus/service-requests';
import { ACCESS_LEVEL, type AccessLevel, type GatewayRequest } from './auth-context';
import { readBearer, readSessionCookie } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates routes marked `@Access('session' | 'staff')` with identity: a bearer token first, else the
 * session cookie. A cookie travels by itself with cross-site requests, so with one a state-changing request
 * must carry `X-Requested-With: studio`, which a cross-site form cannot set (CSRF).
 *
 * A client's session is good only while the client is Active in the registry (the source of truth, written
 * before a deactivation is answered): identity ends the sessions of a deactivated client from the event, a
 * moment later, and "all of the client's sessions end at once" must hold in that moment too.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly services: ServiceRequests,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const level =
      this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_LEVEL, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'public';
    if (level === 'public') return true;
    const req = context.switchToHttp().getRequest<GatewayRequest>();

    const bearer = readBearer(req);
    if (bearer === null)
      throw Problem.of('unauthenticated', 'the Authorization header must be "Bearer <token>"');
    const cookie = bearer === undefined ? readSessionCookie(req) : undefined;
    const token = bearer ?? cookie;
    if (token === undefined) throw Problem.of('unauthenticated', 'sign in first');
    const via = bearer === undefined ? 'cookie' : 'bearer';
    if (via === 'cookie' && !SAFE_METHODS.has(req.method) && req.header('x-requested-with') !== 'studio') {
      throw Problem.of('forbidden', 'a cookie session must send X-Requested-With: studio');
    }

    const { principal, studio } = await this.services.request<AuthenticatedDto>(RequestSubject.authenticate, {
      token,
    });
    if (level === 'staff' && principal.kind !== 'staff')
      throw Problem.of('forbidden', 'only studio staff may do this');
    if (principal.kind === 'client') await this.requireActiveClient(principal.studioId, principal.id);
    req.auth = {
      token,
      via,
      sessionKey: createHash('sha256').update(token).digest('hex'),
      principal,
      studio,
      actor: { kind: principal.kind, id: principal.id, studioId: principal.studioId },
    };
    return true;
  }

  private async requireActiveClient(studioId: string, clientId: string): Promise<void> {
    const ref: ClientRef = { studioId, clientId };
    const client = await this.services
      .request<ClientRecord>(RequestSubject.getClientState, ref)
      .catch((error: unknown) => {
        if (error instanceof Problem && error.problem.code === 'client-not-found') return null;
        throw error;
      });
    if (client?.access !== 'Active') throw Problem.of('unauthenticated', 'this session has ended');
  }
}
