import { z } from 'zod';
import { named } from './api-registry';
import { ProjectRefSchema } from './project.schema';
import { cursor, email, id, name, text, time, type Input, type Output, pageLimit } from './text.schema';

export const ACCESS = ['Inactive', 'Invited', 'Active'] as const;
export const AccessSchema = z.enum(ACCESS);
export const CLIENT_SORTS = [
  'lastName',
  '-lastName',
  'firstName',
  'email',
  'createdAt',
  '-createdAt',
] as const;

const label = () => text(200).nullable();

/** A client's profile: what a person types in (bounded), and what the API shows (normalised). */
export const ClientProfileSchema = z.strictObject({
  firstName: name(),
  lastName: name(),
  email: email(),
  phone: label(),
  type: label().describe('The client type, e.g. Lead, Residential, Commercial'),
  source: label().describe('Where the client came from, e.g. Referral, Instagram, Package purchase'),
  tags: z.array(text(200)).max(100),
});

/** A new profile as typed: phone, type, source and tags may be left out (null clears them too). */
export const NewClientProfileSchema = ClientProfileSchema.partial({
  phone: true,
  type: true,
  source: true,
  tags: true,
});

export const DeliverySchema = z.enum(['pending', 'sent', 'failed']);

export const InvitationSchema = z.strictObject({
  status: z.enum(['pending', 'expired']),
  sentAt: time(),
  expiresAt: time(),
  delivery: DeliverySchema.describe('What became of the invitation email'),
});

/**
 * A client as the registry and the client index know it: everything of the API's `Client` but its projects,
 * which the projects service knows (the gateway adds them). Crosses the bus, not the API.
 */
export const ClientRecordSchema = ClientProfileSchema.extend({
  id: id(),
  access: AccessSchema,
  invitation: InvitationSchema.nullable(),
  createdAt: time(),
  activatedAt: time().nullable(),
  version: z.int().min(0),
});

export const ClientSchema = named(
  'Client',
  'A client of the studio, with their access to the portal and the projects they are in; `version` counts ' +
    'its changes (the ETag)',
  ClientRecordSchema.extend({ projects: z.array(ProjectRefSchema) }),
);

const counts = () => z.strictObject({ Inactive: z.int(), Invited: z.int(), Active: z.int() });

export const ClientPageSchema = named(
  'ClientPage',
  'A page of the client index, and counts by access for the whole studio (whatever the filters)',
  z.strictObject({ items: z.array(ClientSchema), nextCursor: z.string().nullable(), counts: counts() }),
);

/** A page of the client index as the projector answers it: client records, without their projects. */
export const ClientRecordPageSchema = z.strictObject({
  items: z.array(ClientRecordSchema),
  nextCursor: z.string().nullable(),
  counts: counts(),
});

export const HistorySchema = named(
  'History',
  'A client\u2019s events, oldest first; never a token or a hash',
  z.strictObject({
    events: z.array(
      z.strictObject({
        type: z.string(),
        at: time(),
        by: z.unknown(),
        data: z.record(z.string(), z.unknown()),
      }),
    ),
  }),
);

export const InvitationDraftSchema = named(
  'InvitationDraft',
  'The generic invitation text the designer starts from',
  z.strictObject({ subject: z.string(), message: z.string() }),
);

// ---- requests ---------------------------------------------------------------------------------------------

const message = () =>
  text(4000).nullable().describe('The designer\u2019s message; left out or null: the generic one');

export const SendInvitationRequestSchema = named(
  'SendInvitationRequest',
  'An invitation, with the designer\u2019s own message if any',
  z.strictObject({ message: message().optional() }),
);

export const AddClientRequestSchema = named(
  'AddClientRequest',
  'A new client; with `invite`, invited in the same request (both or neither)',
  NewClientProfileSchema.extend({ invite: SendInvitationRequestSchema.optional() }),
);

export const UpdateClientRequestSchema = named(
  'UpdateClientRequest',
  'The profile fields to change; a field left out stays as it is, null clears an optional one',
  ClientProfileSchema.partial(),
);

/** For operations without a body: nothing, or `{}`. */
export const EmptyRequestSchema = z.strictObject({});

/**
 * The client index's query. Parameters it does not know are ignored (caches and tools add their own); an
 * empty one counts as not given.
 */
export const ListClientsQuerySchema = z.object({
  q: text(200)
    .optional()
    .describe('Matches the start of the first name, last name, full name or email, ignoring case'),
  access: AccessSchema.optional(),
  type: text(200).optional(),
  source: text(200).optional(),
  tag: text(200).optional(),
  limit: pageLimit(),
  sort: z.enum(CLIENT_SORTS).default('lastName'),
  cursor: cursor(),
});

export const ClientParamsSchema = z.strictObject({ id: id() });

/**
 * `If-Match: "<version>"` (as the ETag of GET; `W/"<version>"` and a bare number are taken too): the version
 * the caller last saw. Without it, or with `*` (RFC 9110: any), nothing is checked.
 */
export const IfMatchSchema = z
  .string()
  .regex(/^\s*(?:\*|(?:W\/)?"\d{1,15}"|\d{1,15})\s*$/, 'must be "<version>"')
  .optional()
  .transform((value) => {
    const version = value === undefined ? null : /\d+/.exec(value)?.[0];
    return version == null ? null : Number(version);
  })
  .describe('"<version>" as the ETag of GET answered; a stale one is `412 version-mismatch`');

export const IfMatchHeadersSchema = z.object({ 'If-Match': IfMatchSchema });

export type Access = z.output<typeof AccessSchema>;
export type Delivery = z.output<typeof DeliverySchema>;
export type ClientSort = (typeof CLIENT_SORTS)[number];
export type ClientDto = Output<typeof ClientSchema>;
export type ClientPageDto = Output<typeof ClientPageSchema>;
export type ClientRecord = Output<typeof ClientRecordSchema>;
export type ClientRecordPage = Output<typeof ClientRecordPageSchema>;
export type HistoryEntryDto = Output<typeof HistorySchema>['events'][number];
export type InvitationDraft = Output<typeof InvitationDraftSchema>;
export type ListClientsQuery = Output<typeof ListClientsQuerySchema>;
export type AddClientRequest = Input<typeof AddClientRequestSchema>;
/** A client's profile as stored and carried by events: already normalised and valid. */
export type ClientProfile = Output<typeof ClientProfileSchema>;
/** A new profile as typed by a person (or a checkout): raw, to be parsed. */
export type ClientProfileInput = Input<typeof NewClientProfileSchema>;
/** An edit: an absent (undefined) field stays as it is; null clears an optional one. */
export type ClientProfilePatch = Input<typeof UpdateClientRequestSchema>;
