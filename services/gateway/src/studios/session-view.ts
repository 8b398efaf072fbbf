import { type PrincipalDto, type SessionDto } from '@studio/contracts';

/** A session as API.md shows it, field by field, so nothing more of identity's answer leaks out. */
export function sessionView(session: SessionDto): SessionDto {
  return { token: session.token, expiresAt: session.expiresAt, principal: principalView(session.principal) };
}

/** A principal as API.md shows it, field by field. */
export function principalView(principal: PrincipalDto): PrincipalDto {
  return {
    kind: principal.kind,
    id: principal.id,
    studioId: principal.studioId,
    firstName: principal.firstName,
    lastName: principal.lastName,
    email: principal.email,
  };
}
