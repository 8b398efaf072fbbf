/**
 * What each party may do on the bus: the requests it answers and sends, the durable subjects it publishes and
 * consumes. The one list the NATS permissions are generated from (`npm run nats:config`), and that the kit
 * holds every service to when it starts (a handler or a request not listed here fails at once, in every mode),
 * so the permissions cannot fall behind the code.
 */
import { OPS_PER_SERVICE, opsSubject, OpsSubject, READ_MODELS } from './ops.messages';
import {
  DEFAULT_CHECKOUT_SUBJECT,
  DurableSubject,
  readySubject,
  RequestSubject,
  SERVICE_NAMES,
  type ServiceName,
} from './bus.subjects';

export interface BusAccess {
  /** Request subjects it answers (in its queue group), besides its readiness and `ops.<service>.*`. */
  readonly serves: readonly string[];
  /** Request subjects it sends. */
  readonly requests: readonly string[];
  /** Durable subjects it publishes, as given to the bus (a trailing `>` for a family). */
  readonly publishes: readonly string[];
  /** Durable patterns it consumes, as its `@Durable` handlers name them. */
  readonly consumes: readonly string[];
  /** Another system's subject (no prefix) it publishes on or consumes: the checkout's purchases. */
  readonly external?: { readonly publishes?: readonly string[]; readonly consumes?: readonly string[] };
}

const R = RequestSubject;

export const BUS_ACCESS: Readonly<Record<ServiceName, BusAccess>> = {
  gateway: {
    serves: [],
    requests: [
      R.createStudio,
      R.getStudio,
      R.signIn,
      R.authenticate,
      R.signOut,
      R.requestPasswordReset,
      R.completePasswordReset,
      R.verifyEmail,
      R.addClient,
      R.updateClient,
      R.sendInvitation,
      R.resendInvitation,
      R.revokeInvitation,
      R.deactivateClient,
      R.getClientState,
      R.clientHistory,
      R.lookupInvitation,
      R.redeemInvitation,
      R.getClient,
      R.listClients,
      R.createProject,
      R.renameProject,
      R.addClientToProject,
      R.removeClientFromProject,
      R.getProject,
      R.listProjects,
      R.projectMemberships,
      // Its readiness is every other service's.
      ...SERVICE_NAMES.filter((name) => name !== 'gateway').map(readySubject),
    ],
    publishes: [],
    consumes: [],
    external: { publishes: [DEFAULT_CHECKOUT_SUBJECT] },
  },
  'client-registry': {
    serves: [
      R.addClient,
      R.updateClient,
      R.sendInvitation,
      R.resendInvitation,
      R.revokeInvitation,
      R.deactivateClient,
      R.acceptInvitation,
      R.expireInvitation,
      R.invitationStanding,
      R.getClientState,
      R.clientHistory,
      R.reserveStaffEmail,
      R.readEvents,
      OpsSubject.clientStream,
      OpsSubject.storeSize,
    ],
    requests: [R.getStudio],
    // The event store's publisher: every stream's events (clients' and projects').
    publishes: ['events.>'],
    consumes: [],
    external: { consumes: [DEFAULT_CHECKOUT_SUBJECT] },
  },
  invitation: {
    serves: [R.lookupInvitation, R.redeemInvitation, OpsSubject.sweep],
    requests: [
      R.stageCredentials,
      R.acceptInvitation,
      R.activateCredentials,
      R.invitationStanding,
      R.expireInvitation,
      R.getStudio,
    ],
    publishes: [DurableSubject.mailRequests],
    consumes: [`${DurableSubject.clientEvents}.>`],
  },
  identity: {
    serves: [
      R.createStudio,
      R.getStudio,
      R.signIn,
      R.authenticate,
      R.signOut,
      R.requestPasswordReset,
      R.completePasswordReset,
      R.verifyEmail,
      R.activateCredentials,
      R.stageCredentials,
    ],
    requests: [R.getClientState, R.reserveStaffEmail],
    publishes: [DurableSubject.mailRequests, DurableSubject.studioVerified],
    consumes: [`${DurableSubject.clientEvents}.>`],
  },
  notification: {
    serves: [],
    requests: [],
    publishes: [DurableSubject.mailDelivery],
    consumes: [DurableSubject.mailRequests, DurableSubject.studioVerified],
  },
  projector: {
    serves: [R.getClient, R.listClients, R.rebuildClientIndex, R.clientIndexRebuildStatus],
    requests: [R.readEvents],
    publishes: [],
    consumes: [`${DurableSubject.clientEvents}.>`, DurableSubject.mailDelivery],
  },
  projects: {
    serves: [
      R.createProject,
      R.renameProject,
      R.addClientToProject,
      R.removeClientFromProject,
      R.getProject,
      R.listProjects,
      R.projectMemberships,
      R.rebuildProjects,
      R.projectsRebuildStatus,
    ],
    requests: [R.getClientState],
    publishes: [],
    consumes: [`${DurableSubject.projectEvents}.>`],
  },
};

/** What a service answers: its own list, its readiness and its operations (the kit's, in every service). */
export function servedBy(service: ServiceName, access: BusAccess = BUS_ACCESS[service]): string[] {
  return [
    ...access.serves,
    readySubject(service),
    ...OPS_PER_SERVICE.map((operation) => opsSubject(service, operation)),
  ];
}

/** The operators' CLI (`npm run ops`): every operation, and the read models' rebuilds; nothing else. */
export const OPS_REQUESTS: readonly string[] = [
  'ops.>',
  ...Object.values(READ_MODELS).flatMap((model) => [model.rebuild, model.status]),
];
