import { Injectable } from '@nestjs/common';
import {
  type ClientDto,
  type ClientPageDto,
  type ClientWriteResult,
  type GetClientBody,
  type ListClientsBody,
  type ListClientsQuery as ListQuery,
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
    invitationKept: boolean,
  ): Promise<ClientDto> {
    const { client } = written;
    await this.writes.remember(auth.sessionKey, { clientId: client.id, version: client.version });
    if (!invitationKept || client.invitation === null) return client;
    return withDelivery(client, await this.indexed(auth, client.id));
  }

  async get(auth: AuthContext, clientId: string): Promise<ClientDto> {
    const ref = this.ref(auth, clientId);
    const [client, indexed] = await Promise.all([
      this.services.request<ClientDto>(RequestSubject.getClientState, ref, auth.actor),
      this.indexed(auth, clientId),
    ]);
    return withDelivery(client, indexed);
  }

  async list(auth: AuthContext, query: ListQuery): Promise<ClientPageDto> {
    const after = await this.writes.last(auth.sessionKey);
    const body: ListClientsBody = {
      studioId: auth.principal.studioId,
      ...query,
      ...(after === undefined ? {} : { after }),
    };
    return this.services.request<ClientPageDto>(RequestSubject.listClients, body, auth.actor);
  }

  /** The index's row of a client, if it has one yet and answers in time. */
  private indexed(auth: AuthContext, clientId: string): Promise<ClientDto | undefined> {
    return this.services
      .request<ClientDto>(RequestSubject.getClient, this.ref(auth, clientId), auth.actor, INDEX_LOOKUP_MS)
      .catch((error: unknown) => {
        if (error instanceof Problem) return undefined; // not indexed yet, or the index is away
        throw error;
      });
  }

  private ref(auth: AuthContext, clientId: string): GetClientBody {
    return { studioId: auth.principal.studioId, clientId };
  }
}

/** The registry's client with the delivery of its invitation's email, when the index has that invitation. */
function withDelivery(client: ClientDto, indexed: ClientDto | undefined): ClientDto {
  const { invitation } = client;
  const known = indexed?.invitation;
  if (invitation === null || known?.sentAt !== invitation.sentAt) return client;
  return { ...client, invitation: { ...invitation, delivery: known.delivery } };
}
