import { Controller } from '@nestjs/common';
import {
  API,
  type AddClientBody,
  type ClientDto,
  type ClientPageDto,
  type ClientRef,
  type ClientWriteResult,
  type HistoryEntryDto,
  invitationDraft,
  type InvitationDraft,
  RequestSubject,
  type SendInvitationBody,
  type StudioDetailsDto,
  type UpdateClientBody,
} from '@studio/contracts';
import { Access, Auth, type AuthContext } from '../auth/auth-context';
import { ServiceRequests } from '../bus/service-requests';
import { Input, type RequestInput } from '../http/request-input';
import { Route } from '../http/route.decorator';
import { ClientReads } from './client-reads';

/** The client index and each client's access (API.md "Clients"); every call is scoped to the caller's studio. */
@Controller()
@Access('staff')
export class ClientsController {
  constructor(
    private readonly services: ServiceRequests,
    private readonly reads: ClientReads,
  ) {}

  @Route(API.addClient)
  async add(
    @Auth() auth: AuthContext,
    @Input() input: RequestInput<typeof API.addClient>,
  ): Promise<ClientDto> {
    const { invite, ...profile } = input.body;
    const body: AddClientBody = {
      studioId: auth.principal.studioId,
      profile,
      invite: invite === undefined ? null : { message: invite.message ?? null },
    };
    return this.write(auth, RequestSubject.addClient, body);
  }

  @Route(API.listClients)
  list(
    @Auth() auth: AuthContext,
    @Input() { query }: RequestInput<typeof API.listClients>,
  ): Promise<ClientPageDto> {
    return this.reads.list(auth, query);
  }

  @Route(API.getClient)
  get(
    @Auth() auth: AuthContext,
    @Input() { params }: RequestInput<typeof API.getClient>,
  ): Promise<ClientDto> {
    return this.reads.get(auth, params.id);
  }

  @Route(API.updateClient)
  update(
    @Auth() auth: AuthContext,
    @Input() { params, headers, body: profile }: RequestInput<typeof API.updateClient>,
  ): Promise<ClientDto> {
    const body: UpdateClientBody = {
      ...this.ref(auth, params.id),
      profile,
      expectedVersion: headers['If-Match'],
    };
    return this.write(auth, RequestSubject.updateClient, body);
  }

  @Route(API.getInvitationDraft)
  async draft(
    @Auth() auth: AuthContext,
    @Input() { params }: RequestInput<typeof API.getInvitationDraft>,
  ): Promise<InvitationDraft> {
    const [client, studio] = await Promise.all([
      this.reads.get(auth, params.id),
      this.services.request<StudioDetailsDto>(
        RequestSubject.getStudio,
        { studioId: auth.principal.studioId },
        auth.actor,
      ),
    ]);
    return invitationDraft(studio.name, client.firstName);
  }

  @Route(API.sendInvitation)
  invite(
    @Auth() auth: AuthContext,
    @Input() { params, body: { message } }: RequestInput<typeof API.sendInvitation>,
  ): Promise<ClientDto> {
    const body: SendInvitationBody = { ...this.ref(auth, params.id), message: message ?? null };
    return this.write(auth, RequestSubject.sendInvitation, body);
  }

  @Route(API.resendInvitation)
  resend(
    @Auth() auth: AuthContext,
    @Input() { params }: RequestInput<typeof API.resendInvitation>,
  ): Promise<ClientDto> {
    return this.write(auth, RequestSubject.resendInvitation, this.ref(auth, params.id));
  }

  @Route(API.revokeInvitation)
  revoke(
    @Auth() auth: AuthContext,
    @Input() { params }: RequestInput<typeof API.revokeInvitation>,
  ): Promise<ClientDto> {
    return this.write(auth, RequestSubject.revokeInvitation, this.ref(auth, params.id));
  }

  @Route(API.deactivateClient)
  deactivate(
    @Auth() auth: AuthContext,
    @Input() { params }: RequestInput<typeof API.deactivateClient>,
  ): Promise<ClientDto> {
    return this.write(auth, RequestSubject.deactivateClient, this.ref(auth, params.id));
  }

  @Route(API.getClientHistory)
  async history(
    @Auth() auth: AuthContext,
    @Input() { params }: RequestInput<typeof API.getClientHistory>,
  ): Promise<{ events: readonly HistoryEntryDto[] }> {
    const { events } = await this.services.request<{ events: readonly HistoryEntryDto[] }>(
      RequestSubject.clientHistory,
      this.ref(auth, params.id),
      auth.actor,
    );
    return { events };
  }

  private ref(auth: AuthContext, clientId: string): ClientRef {
    return { studioId: auth.principal.studioId, clientId };
  }

  /** Only an edit leaves an invitation as it was; every other write makes a new one or ends it. */
  private async write(
    auth: AuthContext,
    subject: RequestSubject,
    body: ClientRef | AddClientBody,
  ): Promise<ClientDto> {
    const written = await this.services.request<ClientWriteResult>(subject, body, auth.actor);
    return this.reads.afterWrite(auth, written, {
      invitationKept: subject === RequestSubject.updateClient,
      added: subject === RequestSubject.addClient,
    });
  }
}
