import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Actor, type PrincipalDto, type StudioDto } from '@studio/contracts';
import type { Request } from 'express';

/** Who may call a route: anyone, any signed-in session, or staff only. Routes without it are public. */
export type AccessLevel = 'public' | 'session' | 'staff';
export const ACCESS_LEVEL = 'gateway:access';
export const Access = (level: AccessLevel) => SetMetadata(ACCESS_LEVEL, level);

/** The actor of an authenticated request, as identity knows it. */
export interface AuthContext {
  readonly token: string;
  readonly via: 'bearer' | 'cookie';
  /** Identifies the session without keeping its token around (a SHA-256 of it). */
  readonly sessionKey: string;
  readonly principal: PrincipalDto;
  readonly studio: StudioDto;
  readonly actor: Actor;
}

export interface GatewayRequest extends Request {
  auth?: AuthContext;
}

/** The authenticated caller; only on routes with an `@Access` other than public. */
export const Auth = createParamDecorator((_: unknown, context: ExecutionContext): AuthContext => {
  const auth = context.switchToHttp().getRequest<GatewayRequest>().auth;
  if (!auth) throw new Error('@Auth() on a route without @Access(session|staff)');
  return auth;
});
