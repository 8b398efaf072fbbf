import { Injectable } from '@nestjs/common';
import {
  type ClientDto,
  type ClientPageDto,
  type ClientWriteResult,
  type GetClientBody,
  type ListClientsBody,
  RequestSubject,
} from '@studio/contracts';
import { ProblemError } from '@studio/messaging';
import { type AuthContext } from '../auth/auth-context';
import { Bus } from '../bus/bus';
import { type ListQuery } from '../validation/bodies';
import { SessionWritesStore } from './session-writes.store';

/** How long a look at the read model for what the registry does not know (delivery) may take. */
const DELIVERY_LOOKUP_MS = 1_000;

/**
 * Client writes answered from the registry's decided state, and reads of the client index (the projector) made
 * consistent with the session's own writes: a read after a write waits for the index to reach it.
 */
@Injectable()
export class ClientReads {
  constructor(
    private readonly bus: Bus,
    private readonly writes: SessionWritesStore,
  ) {}

  /**
   * The answer to a successful write: the client at the written version, as the registry decided it. Never
   * waits for the index. The one thing only the index knows, how the current invitation's email fared, is
   * looked up when an invitation outlives the write (an edit of an Invited client); a new one is `pending`.
   */
  async afterWrite(
    auth: AuthContext,
    written: ClientWriteResult,
    invitationKept: boolean,
  ): Promise<ClientDto> {
    const { client } = written;
    await this.writes.remember(auth.sessionKey, { clientId: client.id, version: client.version });
    if (!invitationKept || client.invitation === null) return client;
    const indexed = await this.bus
      .request<ClientDto>(
        RequestSubject.getClient,
        this.ref(auth, client.id),
        auth.caller,
        DELIVERY_LOOKUP_MS,
      )
      .catch((error: unknown) => {
        if (error instanceof ProblemError) return undefined; // not indexed yet, or the index is away
        throw error;
      });
    const delivery =
      indexed?.invitation?.sentAt === client.invitation.sentAt ? indexed.invitation.delivery : undefined;
    return delivery === undefined ? client : { ...client, invitation: { ...client.invitation, delivery } };
  }

  async get(auth: AuthContext, clientId: string): Promise<ClientDto> {
    const last = await this.writes.last(auth.sessionKey);
    const body: GetClientBody = {
      ...this.ref(auth, clientId),
      ...(last?.clientId === clientId ? { minVersion: last.version } : {}),
    };
    return this.bus.request<ClientDto>(RequestSubject.getClient, body, auth.caller);
  }

  async list(auth: AuthContext, query: ListQuery): Promise<ClientPageDto> {
    const after = await this.writes.last(auth.sessionKey);
    const body: ListClientsBody = {
      studioId: auth.principal.studioId,
      ...query,
      ...(after === undefined ? {} : { after }),
    };
    return this.bus.request<ClientPageDto>(RequestSubject.listClients, body, auth.caller);
  }

  private ref(auth: AuthContext, clientId: string): GetClientBody {
    return { studioId: auth.principal.studioId, clientId };
  }
}
