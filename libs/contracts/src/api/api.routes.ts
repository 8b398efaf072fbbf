import { type Operation } from './api-operation';
import { PackagePurchaseSchema, CheckoutSignatureHeadersSchema } from './checkout.schema';
import {
  AddClientRequestSchema,
  ClientPageSchema,
  ClientParamsSchema,
  ClientSchema,
  EmptyRequestSchema,
  HistorySchema,
  IfMatchHeadersSchema,
  InvitationDraftSchema,
  ListClientsQuerySchema,
  SendInvitationRequestSchema,
  UpdateClientRequestSchema,
} from './client.schema';
import { LiveSchema, OpenApiDocumentSchema, ReadySchema } from './health.schema';
import {
  ListProjectsQuerySchema,
  ProjectClientParamsSchema,
  ProjectPageSchema,
  ProjectParamsSchema,
  ProjectRequestSchema,
  ProjectSchema,
} from './project.schema';
import {
  AcceptedInvitationSchema,
  CreatedStudioSchema,
  CreateStudioRequestSchema,
  InvitationLookupSchema,
  MeSchema,
  NewPasswordRequestSchema,
  PasswordResetRequestSchema,
  SessionSchema,
  SignInRequestSchema,
  SlugParamsSchema,
  TokenParamsSchema,
} from './studio.schema';

const op = <const O extends Operation>(operation: O): O => operation;

const deadLinks = [
  'invitation-expired',
  'invitation-revoked',
  'invitation-replaced',
  'invitation-used',
] as const;

/** The client's answer to a change of its access (API.md "Clients"). */
const clientWrite = <const O extends Omit<Operation, 'tag' | 'auth' | 'params' | 'success' | 'served'>>(
  operation: O,
  description: string,
) =>
  op({
    ...operation,
    tag: 'Clients',
    auth: 'staff',
    params: ClientParamsSchema,
    success: { status: 200, description, schema: ClientSchema },
    served: true,
  });

/**
 * Every operation of API.md, by operationId. The gateway serves the `served` ones (a test holds its routes to
 * this), `/api/docs.json` is generated from it, and `@studio/api-client` is typed by it.
 */
export const API = {
  // ---- studios and sessions ----------------------------------------------------------------------------
  createStudio: op({
    operationId: 'createStudio',
    method: 'POST',
    path: '/api/v1/studios',
    tag: 'Studios',
    summary: 'Create a studio and its owner',
    description:
      'Signs the owner in at once: the answer carries their session, also set as the session cookie. A few ' +
      'sign-ups an hour per address (`RATE_LIMIT_SIGN_UPS_PER_HOUR`), then `429` with `Retry-After`.',
    auth: 'public',
    body: CreateStudioRequestSchema,
    success: {
      status: 201,
      description: 'The studio and the owner\u2019s session',
      schema: CreatedStudioSchema,
      cookie: 'set',
    },
    problems: ['slug-taken', 'weak-password'],
    rateLimit: 'sign-up',
    bodyHoldsPassword: true,
    served: true,
  }),
  signIn: op({
    operationId: 'signIn',
    method: 'POST',
    path: '/api/v1/studios/{slug}/sessions',
    tag: 'Studios',
    summary: 'Sign in to a studio',
    description:
      'Staff and Active clients. A wrong password, an unknown email and an Inactive client get the same ' +
      '`invalid-credentials`; repeated failures are throttled per account and per address (`429`).',
    auth: 'public',
    params: SlugParamsSchema,
    body: SignInRequestSchema,
    success: {
      status: 201,
      description: 'The new session, also set as the session cookie',
      schema: SessionSchema,
      cookie: 'set',
    },
    problems: ['invalid-credentials'],
    rateLimit: 'sensitive',
    bodyHoldsPassword: true,
    served: true,
  }),
  requestPasswordReset: op({
    operationId: 'requestPasswordReset',
    method: 'POST',
    path: '/api/v1/studios/{slug}/password-resets',
    tag: 'Studios',
    summary: 'Ask for a password reset link',
    description:
      'Always `202` with no body, answered at once: whether the email belongs to an account does not show, ' +
      'in the status, the body or the timing. An account gets at most one reset email a minute and five an ' +
      'hour; a request past that is answered the same and sends nothing (the link already sent keeps working).',
    auth: 'public',
    params: SlugParamsSchema,
    body: PasswordResetRequestSchema,
    success: { status: 202, description: 'Accepted: a link is emailed if the address belongs to an account' },
    problems: [],
    rateLimit: 'sensitive',
    served: true,
  }),
  signOut: op({
    operationId: 'signOut',
    method: 'DELETE',
    path: '/api/v1/sessions/current',
    tag: 'Studios',
    summary: 'Sign out',
    description: 'Ends the caller\u2019s session and clears the session cookie.',
    auth: 'session',
    success: { status: 204, description: 'Signed out', cookie: 'clear' },
    problems: [],
    served: true,
  }),
  getMe: op({
    operationId: 'getMe',
    method: 'GET',
    path: '/api/v1/me',
    tag: 'Studios',
    summary: 'Who is signed in',
    description: 'The principal, their studio, and for a client the projects they are in.',
    auth: 'session',
    success: { status: 200, description: 'The caller', schema: MeSchema },
    problems: [],
    served: true,
  }),

  // ---- clients ----------------------------------------------------------------------------------------
  addClient: op({
    operationId: 'addClient',
    method: 'POST',
    path: '/api/v1/clients',
    tag: 'Clients',
    summary: 'Add a client (and invite them)',
    description:
      'The email must be unique in the studio (after trimming, NFC and lower-casing). With `invite`, the ' +
      'client is invited in the same request: both happen or neither (access `Invited`).',
    auth: 'staff',
    body: AddClientRequestSchema,
    success: { status: 201, description: 'The new client', schema: ClientSchema },
    problems: ['email-taken'],
    served: true,
  }),
  listClients: op({
    operationId: 'listClients',
    method: 'GET',
    path: '/api/v1/clients',
    tag: 'Clients',
    summary: 'List the studio\u2019s clients',
    description:
      'Filtered, sorted and paged with a cursor; `counts` are for the whole studio, whatever the filters.',
    auth: 'staff',
    query: ListClientsQuerySchema,
    success: { status: 200, description: 'A page of clients', schema: ClientPageSchema },
    problems: [],
    served: true,
  }),
  getClient: op({
    operationId: 'getClient',
    method: 'GET',
    path: '/api/v1/clients/{id}',
    tag: 'Clients',
    summary: 'One client',
    description: 'Answers `ETag: "<version>"`, to send back as `If-Match` when editing.',
    auth: 'staff',
    params: ClientParamsSchema,
    success: { status: 200, description: 'The client', schema: ClientSchema, etag: true },
    problems: ['client-not-found'],
    served: true,
  }),
  updateClient: op({
    operationId: 'updateClient',
    method: 'PATCH',
    path: '/api/v1/clients/{id}',
    tag: 'Clients',
    summary: 'Edit a client\u2019s profile',
    description:
      'A changed email is checked for uniqueness again and the old one is freed. With `If-Match`, only if the client is still at that version.',
    auth: 'staff',
    params: ClientParamsSchema,
    headers: IfMatchHeadersSchema,
    body: UpdateClientRequestSchema,
    success: { status: 200, description: 'The client, as it is now', schema: ClientSchema },
    problems: ['client-not-found', 'email-taken', 'version-mismatch'],
    served: true,
  }),
  getInvitationDraft: op({
    operationId: 'getInvitationDraft',
    method: 'GET',
    path: '/api/v1/clients/{id}/invitation/draft',
    tag: 'Clients',
    summary: 'The invitation text to pre-fill',
    description:
      'The generic subject and message, with the studio\u2019s and the client\u2019s names, for the designer to edit.',
    auth: 'staff',
    params: ClientParamsSchema,
    success: { status: 200, description: 'The draft', schema: InvitationDraftSchema },
    problems: ['client-not-found'],
    served: true,
  }),
  sendInvitation: clientWrite(
    {
      operationId: 'sendInvitation',
      method: 'POST',
      path: '/api/v1/clients/{id}/invitation',
      summary: 'Invite the client',
      description:
        'Emails a link valid for INVITATION_TTL (72 h). An Active client must be deactivated first; a pending invitation is resent instead.',
      body: SendInvitationRequestSchema,
      problems: ['client-not-found', 'client-active', 'invitation-pending'],
    },
    'The client, Invited',
  ),
  resendInvitation: clientWrite(
    {
      operationId: 'resendInvitation',
      method: 'POST',
      path: '/api/v1/clients/{id}/invitation/resend',
      summary: 'Send a new invitation link',
      description:
        'A new link and a new validity; every older link stops working (`invitation-replaced`). One resend a ' +
        'minute per client (`INVITATION_RESEND_INTERVAL`): another is `429 rate-limited` with `Retry-After`, ' +
        'and changes nothing.',
      body: EmptyRequestSchema,
      problems: ['client-not-found', 'no-invitation'],
    },
    'The client, still Invited',
  ),
  revokeInvitation: clientWrite(
    {
      operationId: 'revokeInvitation',
      method: 'DELETE',
      path: '/api/v1/clients/{id}/invitation',
      summary: 'Revoke the invitation',
      description: 'The link stops working at once (`invitation-revoked`).',
      body: EmptyRequestSchema,
      problems: ['client-not-found', 'no-invitation'],
    },
    'The client, Inactive',
  ),
  deactivateClient: clientWrite(
    {
      operationId: 'deactivateClient',
      method: 'POST',
      path: '/api/v1/clients/{id}/deactivation',
      summary: 'Deactivate the client',
      description:
        'Every session of the client ends at once and they cannot sign in; a pending link dies too.',
      body: EmptyRequestSchema,
      problems: ['client-not-found', 'client-inactive'],
    },
    'The client, Inactive',
  ),
  getClientHistory: op({
    operationId: 'getClientHistory',
    method: 'GET',
    path: '/api/v1/clients/{id}/history',
    tag: 'Clients',
    summary: 'The client\u2019s history',
    description: 'Every event of the client, oldest first: the audit timeline. Never a token or a hash.',
    auth: 'staff',
    params: ClientParamsSchema,
    success: { status: 200, description: 'The history', schema: HistorySchema },
    problems: ['client-not-found'],
    served: true,
  }),

  // ---- invitations and password resets ----------------------------------------------------------------
  getInvitation: op({
    operationId: 'getInvitation',
    method: 'GET',
    path: '/api/v1/invitations/{token}',
    tag: 'Invitations',
    summary: 'Look at an invitation link',
    description:
      'Whom it is for and until when. Reading never uses a link up (mail scanners open links); a dead link says why.',
    auth: 'public',
    params: TokenParamsSchema,
    success: { status: 200, description: 'The invitation', schema: InvitationLookupSchema },
    problems: ['invitation-not-found', ...deadLinks],
    rateLimit: 'sensitive',
    served: true,
  }),
  acceptInvitation: op({
    operationId: 'acceptInvitation',
    method: 'POST',
    path: '/api/v1/invitations/{token}/acceptance',
    tag: 'Invitations',
    summary: 'Accept an invitation by setting a password',
    description:
      'The client becomes Active and is signed in (also by the session cookie). The link is then used: ' +
      'another acceptance is `410 invitation-used`. A caller that may lose the answer sends an ' +
      '`Idempotency-Key`: the same request again answers the same session.',
    auth: 'public',
    params: TokenParamsSchema,
    body: NewPasswordRequestSchema,
    success: {
      status: 201,
      description: 'The client\u2019s first session, and where to go',
      schema: AcceptedInvitationSchema,
      cookie: 'set',
    },
    problems: ['invitation-not-found', ...deadLinks, 'weak-password'],
    rateLimit: 'sensitive',
    bodyHoldsPassword: true,
    served: true,
  }),
  completePasswordReset: op({
    operationId: 'completePasswordReset',
    method: 'POST',
    path: '/api/v1/password-resets/{token}',
    tag: 'Invitations',
    summary: 'Set a new password from a reset link',
    description:
      'Every session of the account ends. Not replayable with `Idempotency-Key` (a stored request would keep the new password).',
    auth: 'public',
    params: TokenParamsSchema,
    body: NewPasswordRequestSchema,
    success: { status: 204, description: 'Password changed' },
    problems: ['reset-not-found', 'reset-expired', 'reset-used', 'weak-password'],
    rateLimit: 'sensitive',
    bodyHoldsPassword: true,
    served: true,
  }),
  verifyEmail: op({
    operationId: 'verifyEmail',
    method: 'POST',
    path: '/api/v1/email-verifications/{token}',
    tag: 'Invitations',
    summary: 'Verify the studio owner\u2019s email from the link sent at sign-up',
    description:
      'Until then the studio may send `STUDIO_DAILY_EMAILS_UNVERIFIED` emails a day, after it ' +
      '`STUDIO_DAILY_EMAILS`. The link does not expire; opening it again answers `204` too.',
    auth: 'public',
    params: TokenParamsSchema,
    body: EmptyRequestSchema,
    success: { status: 204, description: 'The owner\u2019s email is verified' },
    problems: ['not-found'],
    rateLimit: 'sensitive',
    served: true,
  }),

  // ---- projects (issue 8) -----------------------------------------------------------------------------
  createProject: op({
    operationId: 'createProject',
    method: 'POST',
    path: '/api/v1/projects',
    tag: 'Projects',
    summary: 'Create a project',
    description: 'A new project of the caller\u2019s studio, with no clients yet.',
    auth: 'staff',
    body: ProjectRequestSchema,
    success: { status: 201, description: 'The new project', schema: ProjectSchema },
    problems: [],
    served: true,
  }),
  listProjects: op({
    operationId: 'listProjects',
    method: 'GET',
    path: '/api/v1/projects',
    tag: 'Projects',
    summary: 'List the studio\u2019s projects',
    description: 'Newest first, paged with a cursor; `clientId` keeps the projects that client is in.',
    auth: 'staff',
    query: ListProjectsQuerySchema,
    success: { status: 200, description: 'A page of projects', schema: ProjectPageSchema },
    problems: [],
    served: true,
  }),
  getProject: op({
    operationId: 'getProject',
    method: 'GET',
    path: '/api/v1/projects/{id}',
    tag: 'Projects',
    summary: 'One project',
    description: 'Another studio\u2019s project answers `404 project-not-found`.',
    auth: 'staff',
    params: ProjectParamsSchema,
    success: { status: 200, description: 'The project', schema: ProjectSchema },
    problems: ['project-not-found'],
    served: true,
  }),
  renameProject: op({
    operationId: 'renameProject',
    method: 'PATCH',
    path: '/api/v1/projects/{id}',
    tag: 'Projects',
    summary: 'Rename a project',
    description: 'Gives the project a new name.',
    auth: 'staff',
    params: ProjectParamsSchema,
    body: ProjectRequestSchema,
    success: { status: 200, description: 'The project, as it is now', schema: ProjectSchema },
    problems: ['project-not-found'],
    served: true,
  }),
  addClientToProject: op({
    operationId: 'addClientToProject',
    method: 'PUT',
    path: '/api/v1/projects/{id}/clients/{clientId}',
    tag: 'Projects',
    summary: 'Add a client to a project',
    description: '`204` also when the client is in it already.',
    auth: 'staff',
    params: ProjectClientParamsSchema,
    success: { status: 204, description: 'The client is in the project' },
    problems: ['project-not-found', 'client-not-found'],
    served: true,
  }),
  removeClientFromProject: op({
    operationId: 'removeClientFromProject',
    method: 'DELETE',
    path: '/api/v1/projects/{id}/clients/{clientId}',
    tag: 'Projects',
    summary: 'Remove a client from a project',
    description: '`204` also when the client was not in it.',
    auth: 'staff',
    params: ProjectClientParamsSchema,
    success: { status: 204, description: 'The client is not in the project' },
    problems: ['project-not-found'],
    served: true,
  }),

  // ---- checkout (issue 8) -----------------------------------------------------------------------------
  recordPurchase: op({
    operationId: 'recordPurchase',
    method: 'POST',
    path: '/api/v1/integrations/checkout/purchases',
    tag: 'Checkout',
    summary: 'Record a package purchase',
    description:
      'Signed with `X-Signature`; `202` once the purchase is durably on the bus. Idempotent on `orderId`. ' +
      '`404` when no CHECKOUT_WEBHOOK_SECRET is configured.',
    auth: 'signature',
    headers: CheckoutSignatureHeadersSchema,
    body: PackagePurchaseSchema,
    success: { status: 202, description: 'The purchase is on the bus' },
    problems: ['bad-signature', 'not-found'],
    served: true,
  }),

  // ---- operations -------------------------------------------------------------------------------------
  live: op({
    operationId: 'live',
    method: 'GET',
    path: '/health/live',
    tag: 'Operations',
    summary: 'Liveness',
    description: 'The process answers.',
    auth: 'public',
    success: { status: 200, description: 'Alive', schema: LiveSchema },
    problems: [],
    rateLimit: 'none',
    served: true,
  }),
  ready: op({
    operationId: 'ready',
    method: 'GET',
    path: '/health/ready',
    tag: 'Operations',
    summary: 'Readiness',
    description: 'Ready when every service behind the gateway answers ready within a second.',
    auth: 'public',
    success: { status: 200, description: 'Ready', schema: ReadySchema },
    problems: ['service-unavailable'],
    rateLimit: 'none',
    served: true,
  }),
  docsPage: op({
    operationId: 'docsPage',
    method: 'GET',
    path: '/api/docs',
    tag: 'Operations',
    summary: 'This document, as an interactive page',
    description: 'Served from local assets (no CDN).',
    auth: 'public',
    success: { status: 200, description: 'The page', mediaType: 'text/html' },
    problems: [],
    served: true,
  }),
  docsDocument: op({
    operationId: 'docsDocument',
    method: 'GET',
    path: '/api/docs.json',
    tag: 'Operations',
    summary: 'This document',
    description: 'The OpenAPI 3.1 document of the API, generated from its schemas.',
    auth: 'public',
    success: { status: 200, description: 'OpenAPI 3.1', schema: OpenApiDocumentSchema },
    problems: [],
    served: true,
  }),
} as const;

export type Api = typeof API;
export type OperationId = keyof Api;
export const OPERATIONS: readonly Operation[] = Object.values(API);
