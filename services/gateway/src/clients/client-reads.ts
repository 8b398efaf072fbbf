import { Injectable } from '@nestjs/common';
import {
  type ClientDto,
  type ClientPageDto,
  type ClientRecord,
  type ClientRecordPage,
  type ClientWriteResult,
  type GetClientBody,
  type ListClientsBody,
  type ListClientsQuery as ListQuery,
  type ProjectMemberships,
  type ProjectMembershipsBody,
  RequestSubject,
  Problem,
} from '@studio/contracts';
import { type AuthContext } from '../auth/auth-context';
import { ServiceRequests } from '../bus/service-requests';
import { SessionWritesStore } from './session-writes.store';

/** How long a look at the read model for what the registry does not know (delivery) may take. */
const INDEX_LOOKUP_MS = 1_000;

/**
 * One client, as the registry knows it (its stream, the truth: another session's write shows at once) with what
 * only the index knows added: how the current invitation's email fared. The list comes from the index alone,
 * made consistent with the session's own writes: a list after a write waits for the index to reach it.
 * Every client answered carries the projects they are in, from the projects service (one request a page).
 */
@Injectable()
export class ClientReads {
  constructor(
    private readonly services: ServiceRequests,
    private readonly writes: SessionWritesStore,
  ) {}

  /**
   * The answer to a successful write: the client at the written version, as the registry decided it. Never
   * waits for the index; an invitation the write left as it was (an edit of an Invited client) keeps the
   * delivery the index knows, and a new one is `pending`.
   */
  async afterWrite(
    auth: AuthContext,
    written: ClientWriteResult,
    { invitationKept, added }: { readonly invitationKept: boolean; readonly added: boolean },
  ): Promise<ClientDto> {
    const { client } = written;
    await this.writes.remember(auth.sessionKey, { clientId: client.id, version: client.version });
    const [indexed, projects] = await Promise.all([
      invitationKept && client.invitation !== null ? this.indexed(auth, client.id) : undefined,
      // A client just added (a fresh id) is in no project yet: nothing to ask.
      added ? {} : this.projectsOf(auth, [client]),
    ]);
    return withProjects(withDelivery(client, indexed), projects);
  }

  async get(auth: AuthContext, clientId: string): Promise<ClientDto> {
    const ref = this.ref(auth, clientId);
    const [client, indexed, projects] = await Promise.all([
      this.services.request<ClientRecord>(RequestSubject.getClientState, ref, auth.actor),
      this.indexed(auth, clientId),
      this.projectsOf(auth, [{ id: clientId }]),
    ]);
    return withProjects(withDelivery(client, indexed), projects);
  }

  async list(auth: AuthContext, query: ListQuery): Promise<ClientPageDto> {
    const after = await this.writes.last(auth.sessionKey);
    const body: ListClientsBody = {
      studioId: auth.principal.studioId,
      ...query,
      ...(after === undefined ? {} : { after }),
    };
    const page = await this.services.request<ClientRecordPage>(RequestSubject.listClients, body, auth.actor);
    const projects = await this.projectsOf(auth, page.items);
    return { ...page, items: page.items.map((client) => withProjects(client, projects)) };
  }

  /** The projects of each of these clients, in one request. A deactivated client keeps theirs. */
  private projectsOf(auth: AuthContext, clients: readonly { id: string }[]): Promise<ProjectMemberships> {
    const body: ProjectMembershipsBody = {
      studioId: auth.principal.studioId,
      clientIds: clients.map((client) => client.id),
    };
    if (body.clientIds.length === 0) return Promise.resolve({});
    return this.services.request<ProjectMemberships>(RequestSubject.projectMemberships, body, auth.actor);
  }

  /** The index's row of a client, if it has one yet and answers in time. */
  private indexed(auth: AuthContext, clientId: string): Promise<ClientRecord | undefined> {
    return this.services
      .request<ClientRecord>(RequestSubject.getClient, this.ref(auth, clientId), auth.actor, INDEX_LOOKUP_MS)
      .catch((error: unknown) => {
        if (error instanceof Problem) return undefined; // not indexed yet, or the index is away
        throw error;
      });
  }

  private ref(auth: AuthContext, clientId: string): GetClientBody {
    return { studioId: auth.principal.studioId, clientId };
  }
}

/** The client as API.md shows it: the record and the projects they are in. */
function withProjects(client: ClientRecord, memberships: ProjectMemberships): ClientDto {
  return { ...client, projects: memberships[client.id] ?? [] };
}

/** The registry's client with the delivery of its invitation's email, when the index has that invitation. */
function withDelivery(client: ClientRecord, indexed: ClientRecord | undefined): ClientRecord {
  const { invitation } = client;
  const known = indexed?.invitation;
  if (invitation === null || known?.sentAt !== invitation.sentAt) return client;
  return { ...client, invitation: { ...invitation, delivery: known.delivery } };
}
