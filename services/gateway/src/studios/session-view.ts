import { type SessionDto } from '@studio/contracts';

/** A session as API.md shows it, field by field, so nothing more of identity's answer leaks out. */
export function sessionView(session: SessionDto): SessionDto {
  const { principal } = session;
  return {
    token: session.token,
    expiresAt: session.expiresAt,
    principal: {
      kind: principal.kind,
      id: principal.id,
      studioId: principal.studioId,
      firstName: principal.firstName,
      lastName: principal.lastName,
      email: principal.email,
    },
  };
}
