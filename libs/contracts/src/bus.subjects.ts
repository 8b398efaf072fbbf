/**
 * Every subject on the bus, in one place. Subjects are prefixed per deployment (`BUS_PREFIX`, default
 * `studio`) so two systems, or two test runs, can share one NATS server without crossing.
 */

/** Request/reply subjects (NATS core, queue group per service). */
export const RequestSubject = {
  // identity
  createStudio: 'identity.studios.create',
  getStudio: 'identity.studios.get',
  signIn: 'identity.sessions.create',
  authenticate: 'identity.sessions.authenticate',
  signOut: 'identity.sessions.end',
  requestPasswordReset: 'identity.password-resets.request',
  completePasswordReset: 'identity.password-resets.complete',
  verifyEmail: 'identity.email-verifications.complete',
  activateCredentials: 'identity.credentials.activate',
  stageCredentials: 'identity.credentials.stage',
  // client-registry
  addClient: 'registry.clients.add',
  updateClient: 'registry.clients.update',
  sendInvitation: 'registry.clients.invite',
  resendInvitation: 'registry.clients.resend',
  revokeInvitation: 'registry.clients.revoke',
  deactivateClient: 'registry.clients.deactivate',
  acceptInvitation: 'registry.clients.accept',
  expireInvitation: 'registry.clients.expire',
  invitationStanding: 'registry.invitations.standing',
  getClientState: 'registry.clients.get',
  clientHistory: 'registry.clients.history',
  reserveStaffEmail: 'registry.emails.reserve-staff',
  readEvents: 'registry.events.read',
  // invitation
  lookupInvitation: 'invitation.lookup',
  redeemInvitation: 'invitation.redeem',
  // projector
  getClient: 'projector.clients.get',
  listClients: 'projector.clients.list',
  rebuildClientIndex: 'projector.client-index.rebuild',
  clientIndexRebuildStatus: 'projector.client-index.rebuild-status',
  // projects
  createProject: 'projects.create',
  renameProject: 'projects.rename',
  addClientToProject: 'projects.clients.add',
  removeClientFromProject: 'projects.clients.remove',
  getProject: 'projects.get',
  listProjects: 'projects.list',
  projectMemberships: 'projects.memberships',
  rebuildProjects: 'projects.read-model.rebuild',
  projectsRebuildStatus: 'projects.read-model.rebuild-status',
} as const;
export type RequestSubject = (typeof RequestSubject)[keyof typeof RequestSubject];

/**
 * Durable (JetStream) subjects. Events are published as `events.<category>.<EventType>`, the category being
 * the stream's: `events.client.ClientInvited`, `events.project.ProjectCreated`.
 */
export const DurableSubject = {
  clientEvents: 'events.client',
  projectEvents: 'events.project',
  mailRequests: 'mail.requests',
  mailDelivery: 'mail.delivery',
  /** A studio whose owner verified their address: notification's daily quota for it is the higher one. */
  studioVerified: 'mail.studio-verified',
} as const;

/** Where the checkout publishes a package purchase (API.md "Checkout"): another system's subject, no prefix. */
export const DEFAULT_CHECKOUT_SUBJECT = 'checkout.package.purchased';

/** A NATS subject a service may publish on and consume: dot-separated tokens, no wildcards or spaces. */
export const NATS_SUBJECT = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

export const clientEventSubject = (eventType: string): string =>
  `${DurableSubject.clientEvents}.${eventType}`;

export const prefixed = (prefix: string, subject: string): string => `${prefix}.${subject}`;

/** The services of SPEC §2; each is its own process (or module, embedded). */
export const SERVICE_NAMES = [
  'gateway',
  'client-registry',
  'invitation',
  'identity',
  'notification',
  'projector',
  'projects',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Every service answers here when it is ready (connected, migrated, consuming). */
export type ReadySubject = `${ServiceName}.health.ready`;
export const readySubject = (service: ServiceName): ReadySubject => `${service}.health.ready`;
