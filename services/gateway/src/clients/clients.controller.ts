import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
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
import { Bus } from '../bus/bus';
import {
  addClientBody,
  emptyBody,
  parseIfMatch,
  parseListQuery,
  sendInvitationBody,
  updateClientBody,
} from '../validation/bodies';
import { parseBody } from '../validation/validator';
import { ClientReads } from './client-reads';

/** The client index and each client's access (API.md "Clients"); every call is scoped to the caller's studio. */
@Controller('api/v1/clients')
@Access('staff')
export class ClientsController {
  constructor(
    private readonly bus: Bus,
    private readonly reads: ClientReads,
  ) {}

  @Post()
  @HttpCode(201)
  async add(@Auth() auth: AuthContext, @Body() raw: unknown): Promise<ClientDto> {
    const { invite, ...profile } = parseBody(addClientBody, raw);
    const body: AddClientBody = {
      studioId: auth.principal.studioId,
      profile,
      invite: invite === undefined ? null : { message: invite.message ?? null },
    };
    return this.write(auth, RequestSubject.addClient, body);
  }

  @Get()
  list(@Auth() auth: AuthContext, @Query() query: Record<string, unknown>): Promise<ClientPageDto> {
    return this.reads.list(auth, parseListQuery(query));
  }

  @Get(':id')
  get(@Auth() auth: AuthContext, @Param('id') id: string): Promise<ClientDto> {
    return this.reads.get(auth, id);
  }

  @Patch(':id')
  update(
    @Auth() auth: AuthContext,
    @Param('id') id: string,
    @Body() raw: unknown,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ClientDto> {
    const body: UpdateClientBody = {
      ...this.ref(auth, id),
      profile: parseBody(updateClientBody, raw),
      expectedVersion: parseIfMatch(ifMatch),
    };
    return this.write(auth, RequestSubject.updateClient, body);
  }

  @Get(':id/invitation/draft')
  async draft(@Auth() auth: AuthContext, @Param('id') id: string): Promise<InvitationDraft> {
    const [client, studio] = await Promise.all([
      this.reads.get(auth, id),
      this.bus.request<StudioDetailsDto>(
        RequestSubject.getStudio,
        { studioId: auth.principal.studioId },
        auth.caller,
      ),
    ]);
    return invitationDraft(studio.name, client.firstName);
  }

  @Post(':id/invitation')
  @HttpCode(200)
  invite(@Auth() auth: AuthContext, @Param('id') id: string, @Body() raw: unknown): Promise<ClientDto> {
    const { message } = parseBody(sendInvitationBody, raw);
    const body: SendInvitationBody = { ...this.ref(auth, id), message: message ?? null };
    return this.write(auth, RequestSubject.sendInvitation, body);
  }

  @Post(':id/invitation/resend')
  @HttpCode(200)
  resend(@Auth() auth: AuthContext, @Param('id') id: string, @Body() raw: unknown): Promise<ClientDto> {
    parseBody(emptyBody, raw);
    return this.write(auth, RequestSubject.resendInvitation, this.ref(auth, id));
  }

  @Delete(':id/invitation')
  revoke(@Auth() auth: AuthContext, @Param('id') id: string, @Body() raw: unknown): Promise<ClientDto> {
    parseBody(emptyBody, raw);
    return this.write(auth, RequestSubject.revokeInvitation, this.ref(auth, id));
  }

  @Post(':id/deactivation')
  @HttpCode(200)
  deactivate(@Auth() auth: AuthContext, @Param('id') id: string, @Body() raw: unknown): Promise<ClientDto> {
    parseBody(emptyBody, raw);
    return this.write(auth, RequestSubject.deactivateClient, this.ref(auth, id));
  }

  @Get(':id/history')
  async history(
    @Auth() auth: AuthContext,
    @Param('id') id: string,
  ): Promise<{ events: readonly HistoryEntryDto[] }> {
    const { events } = await this.bus.request<{ events: readonly HistoryEntryDto[] }>(
      RequestSubject.clientHistory,
      this.ref(auth, id),
      auth.caller,
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
    const written = await this.bus.request<ClientWriteResult>(subject, body, auth.caller);
    return this.reads.afterWrite(auth, written, subject === RequestSubject.updateClient);
  }
}
