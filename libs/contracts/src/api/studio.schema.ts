import { z } from 'zod';
import { named } from './api-registry';
import { ProjectRefSchema } from './project.schema';
import { email, id, name, password, text, time, token, type Output } from './text.schema';

export const StudioSchema = named(
  'Studio',
  'A studio: its id, name and address (slug)',
  z.strictObject({ id: id(), name: name(), slug: text(100) }),
);

export const PrincipalSchema = named(
  'Principal',
  'Who a session belongs to: a member of the studio\u2019s staff, or a client',
  z.strictObject({
    kind: z.enum(['staff', 'client']),
    id: id(),
    studioId: id(),
    firstName: name(),
    lastName: name(),
    email: email(),
  }),
);

export const SessionSchema = named(
  'Session',
  'A session: its bearer token, when it ends, and whose it is',
  z.strictObject({ token: token(), expiresAt: time(), principal: PrincipalSchema }),
);

export const CreatedStudioSchema = named(
  'CreatedStudio',
  'The new studio and its owner\u2019s session',
  z.strictObject({ studio: StudioSchema, session: SessionSchema }),
);

export const AcceptedInvitationSchema = named(
  'AcceptedInvitation',
  'The client\u2019s first session, and where the web app goes next',
  SessionSchema.extend({ redirectTo: z.literal('/dashboard') }),
);

export const MeSchema = named(
  'Me',
  'The signed-in principal, their studio, and (for a client) the projects they are in',
  z.strictObject({ principal: PrincipalSchema, studio: StudioSchema, projects: z.array(ProjectRefSchema) }),
);

export const InvitationLookupSchema = named(
  'InvitationLookup',
  'Whom an invitation link is for, and until when it works',
  z.strictObject({
    studio: StudioSchema.pick({ name: true, slug: true }),
    client: z.strictObject({ firstName: name(), email: email() }),
    expiresAt: time(),
  }),
);

// ---- requests ---------------------------------------------------------------------------------------------

const OwnerSchema = z.strictObject({
  firstName: name(),
  lastName: name(),
  email: email(),
  password: password(),
});

export const CreateStudioRequestSchema = named(
  'CreateStudioRequest',
  'A new studio and its owner (the first member of staff)',
  z.strictObject({ name: name(), slug: text(100), owner: OwnerSchema }),
);

export const SignInRequestSchema = named(
  'SignInRequest',
  'Email and password of a member of staff or an Active client',
  z.strictObject({ email: email(), password: password() }),
);

export const PasswordResetRequestSchema = named(
  'PasswordResetRequest',
  'The email to send a reset link to, if it belongs to an account',
  z.strictObject({ email: email() }),
);

export const NewPasswordRequestSchema = named(
  'NewPasswordRequest',
  'A password of 8 characters or more; common passwords are refused',
  z.strictObject({ password: password() }),
);

export const SlugParamsSchema = z.strictObject({ slug: text(100) });
export const TokenParamsSchema = z.strictObject({ token: token() });

export type StudioDto = Output<typeof StudioSchema>;
export type PrincipalDto = Output<typeof PrincipalSchema>;
export type SessionDto = Output<typeof SessionSchema>;
export type MeDto = Output<typeof MeSchema>;
export type InvitationLookupDto = Output<typeof InvitationLookupSchema>;
export type CreateStudioBody = Output<typeof CreateStudioRequestSchema>;
