/**
 * Payloads that cross the bus, each one schema (its type is the schema's). Requests travel as
 * `Envelope<Body>`; replies as `Reply<Value>`, so a refusal (a problem code of API.md) arrives as data, never
 * as a transport error.
 */
import { z } from 'zod';
import {
  ClientRecordPageSchema,
  ClientRecordSchema,
  ListClientsQuerySchema,
  NewClientProfileSchema,
} from './api/client.schema';
import { ListProjectsQuerySchema, ProjectRefSchema, ProjectSchema } from './api/project.schema';
import { CreateStudioRequestSchema, PrincipalSchema, SessionSchema, StudioSchema } from './api/studio.schema';
import { type Output } from './api/text.schema';
import type { ProblemData } from './problem';

/** The actor: who made a request (a signed-in principal, or the system itself). Events record it as `ActorRef`. */
export const ActorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['staff', 'client']), id: z.string(), studioId: z.string() }),
  z.object({ kind: z.literal('system'), id: z.string() }),
]);
export type Actor = Output<typeof ActorSchema>;

export const RequestMetaSchema = z.object({
  correlationId: z.string(),
  /** Who asks: the authenticated principal, or the system itself (sweeps, consumers). */
  actor: ActorSchema.optional(),
});
export type RequestMeta = Output<typeof RequestMetaSchema>;

export interface Envelope<B> {
  readonly meta: RequestMeta;
  readonly body: B;
}

export type Reply<V> =
  { readonly ok: true; readonly value: V } | { readonly ok: false; readonly problem: ProblemData };

// ---- identity ---------------------------------------------------------------------------------------------

/** A studio as services see it: with its owner, whom studio emails (an accepted invitation) go to. */
export const StudioDetailsSchema = StudioSchema.extend({
  owner: PrincipalSchema.pick({ id: true, firstName: true, lastName: true, email: true }),
});
/** Sign-up: the HTTP body as it is. */
export const CreateStudioBodySchema = CreateStudioRequestSchema;
export const CreatedStudioReplySchema = z.object({ studio: StudioDetailsSchema, session: SessionSchema });

/** The caller's network address travels along, for per-address throttling. */
const withAddress = { slug: z.string(), email: z.string(), address: z.string() };
export const SignInBodySchema = z.object({ ...withAddress, password: z.string() });
export const PasswordResetRequestBodySchema = z.object(withAddress);
export const TokenBodySchema = z.object({ token: z.string() });
export const PasswordBodySchema = TokenBodySchema.extend({ password: z.string() });
export const AuthenticatedSchema = z.object({ principal: PrincipalSchema, studio: StudioSchema });

const clientCredentials = {
  studioId: z.string(),
  clientId: z.string(),
  invitationId: z.string(),
  password: z.string(),
};
/**
 * Sent by invitation before it asks the registry to accept: identity checks the password policy and keeps the
 * hash staged for this invitation, replacing an earlier staged one of the client. It becomes the client's
 * password only once the acceptance is known (the registry's ClientActivated, or an activate request).
 */
export const StageCredentialsBodySchema = z.object({
  ...clientCredentials,
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
});
/**
 * Sent by invitation once the registry accepted `invitationId` (`identity.credentials.activate`): identity
 * promotes the credential staged for it, if still staged, and opens a session. Idempotent: repeated, it opens
 * another session, but only for the password of that invitation's credential (else `invitation-used`), and
 * never for an account deactivated since (`invitation-revoked`).
 */
export const ActivateStagedCredentialsBodySchema = z.object(clientCredentials);

// ---- client-registry --------------------------------------------------------------------------------------

export const StudioScopedSchema = z.object({ studioId: z.string() });
export const ClientRefSchema = StudioScopedSchema.extend({ clientId: z.string() });
export const AddClientBodySchema = StudioScopedSchema.extend({
  profile: NewClientProfileSchema,
  invite: z.object({ message: z.string().nullable() }).nullable(),
});
export const UpdateClientBodySchema = ClientRefSchema.extend({
  profile: NewClientProfileSchema.partial(),
  expectedVersion: z.int().nullable(),
});
export const SendInvitationBodySchema = ClientRefSchema.extend({ message: z.string().nullable() });
export const AcceptInvitationBodySchema = ClientRefSchema.extend({ invitationId: z.string() });
/** Where an invitation stands by its client's history, from the registry: the authority on a link's life. */
export const InvitationStandingSchema = z.object({
  standing: z.enum(['current', 'expired', 'replaced', 'revoked', 'used', 'unknown']),
});
export const ReserveStaffEmailBodySchema = StudioScopedSchema.extend({
  staffId: z.string(),
  email: z.string(),
});
/** A write's answer: the client as the registry now knows it, and where its last event stands. */
export const ClientWriteResultSchema = z.object({ client: ClientRecordSchema, position: z.string() });

// ---- projector --------------------------------------------------------------------------------------------

/** Read your writes: wait until the read model has applied at least this version of the client. */
export const GetClientBodySchema = ClientRefSchema.extend({ minVersion: z.int().optional() });
export const ListClientsBodySchema = ListClientsQuerySchema.extend({
  studioId: z.string(),
  /** Read your writes: wait until the read model has applied at least this version of this client. */
  after: z.object({ clientId: z.string(), version: z.int() }).optional(),
});
export const ClientPageReplySchema = ClientRecordPageSchema;

// ---- projects ---------------------------------------------------------------------------------------------

export const CreateProjectBodySchema = StudioScopedSchema.extend({ name: z.string() });
export const ProjectRefBodySchema = StudioScopedSchema.extend({ projectId: z.string() });
export const RenameProjectBodySchema = ProjectRefBodySchema.extend({ name: z.string() });
/** Adding or removing a client: `204` either way, also when nothing changed. */
export const ProjectMemberBodySchema = ProjectRefBodySchema.extend({ clientId: z.string() });
export const ListProjectsBodySchema = ListProjectsQuerySchema.extend({ studioId: z.string() });
/** The projects each of these clients is in (the staff client view, a client's `/me`), in one request. */
export const ProjectMembershipsBodySchema = StudioScopedSchema.extend({
  clientIds: z.array(z.string()).max(100),
});
/** By client id; a client in no project is absent or has an empty list. */
export const ProjectMembershipsSchema = z.record(z.string(), z.array(ProjectRefSchema));
/** A project write's answer: the project as decided, already in the read model (read your writes). */
export const ProjectWriteResultSchema = z.object({ project: ProjectSchema, position: z.string() });

// ---- durable messages -------------------------------------------------------------------------------------

const mail = { key: z.string(), to: z.string(), studio: StudioSchema };
const expiringLink = { firstName: z.string(), link: z.string(), expiresAt: z.string() };
/** An email to send. Carries a link with a secret token: it travels only to notification, never into an event. */
export const MailRequestSchema = z.discriminatedUnion('template', [
  z.object({
    ...mail,
    ...expiringLink,
    template: z.enum(['invitation', 'purchase-welcome']),
    clientId: z.string(),
    invitationId: z.string(),
    message: z.string().nullable(),
    /** The package a purchase welcome is for (the latest the client bought), named in the email. */
    packageName: z.string().nullable().optional(),
  }),
  z.object({ ...mail, ...expiringLink, template: z.literal('password-reset') }),
  /** To the owner at sign-up: the link lifts the studio's daily email quota (it does not expire). */
  z.object({ ...mail, template: z.literal('email-verification'), firstName: z.string(), link: z.string() }),
  z.object({ ...mail, template: z.literal('password-changed'), firstName: z.string(), at: z.string() }),
  z.object({
    ...mail,
    template: z.literal('invitation-accepted'),
    clientId: z.string(),
    clientName: z.string(),
    clientEmail: z.string(),
    at: z.string(),
  }),
]);
export const MAIL_TEMPLATES = [
  'invitation',
  'purchase-welcome',
  'password-reset',
  'password-changed',
  'invitation-accepted',
  'email-verification',
] as const;

/** From identity once a studio's owner opened the verification link: notification lifts the studio's quota. */
export const StudioVerifiedSchema = z.object({ studioId: z.string(), at: z.string() });

/** What became of an email; the projector shows it on the client's profile. */
export const MailDeliverySchema = z.object({
  key: z.string(),
  template: z.enum(MAIL_TEMPLATES),
  studioId: z.string(),
  clientId: z.string().nullable(),
  invitationId: z.string().nullable(),
  status: z.enum(['sent', 'failed']),
  attempts: z.int(),
  at: z.string(),
});

/** A client event as published on `events.client.<type>`: the stored event with its place in the order. */
export const PublishedEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  data: z.unknown(),
  streamId: z.string(),
  streamVersion: z.int(),
  position: z.string(),
  recordedAt: z.string(),
  metadata: z.record(z.string(), z.unknown()),
});

// ---- replaying the event store: rebuilding a read model ---------------------------------------------------

/** A page of the event store in its global, gap-free order, from the registry. `from`: `'0'` (the start) or a `next`. */
export const ReadEventsBodySchema = z.object({ from: z.string(), limit: z.int().min(1).max(1000) });
export const ReadEventsResultSchema = z.object({
  /** Every stream's events (client streams and others, e.g. staff reservations): readers skip what is not theirs. */
  events: z.array(PublishedEventSchema),
  /** Hand it back as `from` for the next page; equal to `from` when nothing came after it. */
  next: z.string(),
});

/** Starts a rebuild of the projector's client index; answered at once with its status (`running`). */
export const RebuildClientIndexBodySchema = z.object({
  /** Events a page read from the registry, 1 to 1000 (default 250): smaller for large events. */
  pageSize: z.int().min(1).max(1000).optional(),
  /** Build the copy and compare it with the live index, without swapping: the result lists the differences. */
  dryRun: z.boolean().optional(),
});
/** A row (or a studio's tab count) where a rebuilt copy and the live index differ. */
export const ClientIndexDifferenceSchema = z.object({
  /** null for a count. */
  clientId: z.string().nullable(),
  kind: z.enum(['missing', 'extra', 'behind', 'ahead', 'different', 'count']),
  /** The columns that differ (a count: `<studio>/<access>`). */
  fields: z.array(z.string()),
  live: z.record(z.string(), z.unknown()).nullable(),
  rebuilt: z.record(z.string(), z.unknown()).nullable(),
});
/** The status of one rebuild, or of the latest when no id is given. */
export const ClientIndexRebuildStatusBodySchema = z.object({ rebuildId: z.string().optional() });
/** What a finished rebuild did. */
export const ClientIndexRebuildResultSchema = z.object({
  /** Events read into the fresh copy of the index (every stream; only client streams change it). */
  events: z.int(),
  /** Clients in the fresh copy when it was swapped in. */
  clients: z.int(),
  /** Events re-read after the swap, taking in what the live consumer applied meanwhile. */
  caughtUp: z.int(),
  /** Where the rebuild stopped reading the store. */
  position: z.string(),
  durationMs: z.number(),
  eventsPerSecond: z.number(),
  /** A dry run's comparison (nothing was swapped): how many rows differ, and the first of them. */
  differences: z.object({ count: z.int(), shown: z.array(ClientIndexDifferenceSchema) }).optional(),
});
export const ClientIndexRebuildStatusSchema = z.object({
  rebuildId: z.string(),
  state: z.enum(['running', 'succeeded', 'failed']),
  phase: z.enum(['building', 'comparing', 'swapping', 'catching-up', 'done']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Events read so far. */
  events: z.int(),
  eventsPerSecond: z.number(),
  result: ClientIndexRebuildResultSchema.nullable(),
  error: z.string().nullable(),
});

/** What a finished rebuild of the projects read model did. */
export const ProjectsRebuildResultSchema = ClientIndexRebuildResultSchema.omit({ clients: true }).extend({
  /** Projects in the fresh copy when it was swapped in. */
  projects: z.int(),
});
/** Starts and follows a rebuild of the projects read model, as the client index's (same body, same phases). */
export const ProjectsRebuildStatusSchema = ClientIndexRebuildStatusSchema.extend({
  result: ProjectsRebuildResultSchema.nullable(),
});

// ---- the types, one per schema ----------------------------------------------------------------------------

export type StudioDetailsDto = Output<typeof StudioDetailsSchema>;
export type SignInBody = Output<typeof SignInBodySchema>;
export type PasswordResetRequestBody = Output<typeof PasswordResetRequestBodySchema>;
export type TokenBody = Output<typeof TokenBodySchema>;
export type PasswordBody = Output<typeof PasswordBodySchema>;
export type AuthenticatedDto = Output<typeof AuthenticatedSchema>;
export type StageCredentialsBody = Output<typeof StageCredentialsBodySchema>;
export type ActivateStagedCredentialsBody = Output<typeof ActivateStagedCredentialsBodySchema>;
export type StudioScoped = Output<typeof StudioScopedSchema>;
export type ClientRef = Output<typeof ClientRefSchema>;
export type AddClientBody = Output<typeof AddClientBodySchema>;
export type UpdateClientBody = Output<typeof UpdateClientBodySchema>;
export type SendInvitationBody = Output<typeof SendInvitationBodySchema>;
export type AcceptInvitationBody = Output<typeof AcceptInvitationBodySchema>;
export type InvitationStandingDto = Output<typeof InvitationStandingSchema>;
export type ReserveStaffEmailBody = Output<typeof ReserveStaffEmailBodySchema>;
export type ClientWriteResult = Output<typeof ClientWriteResultSchema>;
export type GetClientBody = Output<typeof GetClientBodySchema>;
export type ListClientsBody = Output<typeof ListClientsBodySchema>;
export type MailRequest = Output<typeof MailRequestSchema>;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];
export type MailDelivery = Output<typeof MailDeliverySchema>;
export type StudioVerified = Output<typeof StudioVerifiedSchema>;
/** A published event; `T` and `D` narrow its type and data for a reader that knows them. */
export type PublishedEvent<T extends string = string, D = unknown> = Omit<
  Output<typeof PublishedEventSchema>,
  'type' | 'data'
> & { readonly type: T; readonly data: D };
export type ReadEventsBody = Output<typeof ReadEventsBodySchema>;
export type ReadEventsResult = Output<typeof ReadEventsResultSchema>;
export type RebuildClientIndexBody = Output<typeof RebuildClientIndexBodySchema>;
export type ClientIndexRebuildStatusBody = Output<typeof ClientIndexRebuildStatusBodySchema>;
export type ClientIndexRebuildResult = Output<typeof ClientIndexRebuildResultSchema>;
export type ClientIndexDifference = Output<typeof ClientIndexDifferenceSchema>;
export type ClientIndexRebuildStatus = Output<typeof ClientIndexRebuildStatusSchema>;
export type CreateProjectBody = Output<typeof CreateProjectBodySchema>;
export type ProjectRefBody = Output<typeof ProjectRefBodySchema>;
export type RenameProjectBody = Output<typeof RenameProjectBodySchema>;
export type ProjectMemberBody = Output<typeof ProjectMemberBodySchema>;
export type ListProjectsBody = Output<typeof ListProjectsBodySchema>;
export type ProjectMembershipsBody = Output<typeof ProjectMembershipsBodySchema>;
export type ProjectMemberships = Output<typeof ProjectMembershipsSchema>;
export type ProjectWriteResult = Output<typeof ProjectWriteResultSchema>;
export type ProjectsRebuildResult = Output<typeof ProjectsRebuildResultSchema>;
export type ProjectsRebuildStatus = Output<typeof ProjectsRebuildStatusSchema>;
