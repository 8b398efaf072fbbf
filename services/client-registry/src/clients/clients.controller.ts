import { CLOCK, type Clock } from '@studio/service-kit';
import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AcceptInvitationBody,
  type AddClientBody,
  type ClientRecord,
  type ClientRef,
  type ClientWriteResult,
  type Envelope,
  type HistoryEntryDto,
  type InvitationStandingDto,
  RequestSubject,
  type SendInvitationBody,
  type UpdateClientBody,
} from '@studio/contracts';
import { type ClientCommandBase, invitationStanding } from '@studio/client-domain';
import { actorRefOf, toClientDto } from './client-stream';
import { toHistoryEntry } from './client-history';
import { ClientCommandHandler } from './client-command.handler';

/** The sweep names the invitation it found overdue, as acceptance names the one used. */
type InvitationRefBody = AcceptInvitationBody;

/** The client decider over the bus: every body is studio-scoped, so another studio's client is not found. */
@Controller()
export class ClientsController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ClientCommandHandler) private readonly clients: ClientCommandHandler,
  ) {}

  @MessagePattern(RequestSubject.addClient)
  add(@Payload() { meta, body }: Envelope<AddClientBody>): Promise<ClientWriteResult> {
    const base = this.base(body.studioId, randomUUID(), meta.actor);
    const invite = body.invite && {
      invitationId: randomUUID(),
      message: body.invite.message,
      reason: 'invite' as const,
    };
    return this.clients.execute({
      type: 'AddClient',
      data: { ...base, profile: body.profile, ...(invite ? { invite } : {}) },
    });
  }

  @MessagePattern(RequestSubject.updateClient)
  update(@Payload() { meta, body }: Envelope<UpdateClientBody>): Promise<ClientWriteResult> {
    const base = this.base(body.studioId, body.clientId, meta.actor);
    const { expectedVersion, profile } = body;
    return this.clients.execute(
      { type: 'UpdateProfile', data: { ...base, changes: profile, expectedVersion } },
      expectedVersion,
    );
  }

  @MessagePattern(RequestSubject.sendInvitation)
  sendInvitation(@Payload() { meta, body }: Envelope<SendInvitationBody>): Promise<ClientWriteResult> {
    const base = this.base(body.studioId, body.clientId, meta.actor);
    return this.clients.execute({
      type: 'SendInvitation',
      data: { ...base, invitationId: randomUUID(), message: body.message },
    });
  }

  @MessagePattern(RequestSubject.resendInvitation)
  resendInvitation(@Payload() { meta, body }: Envelope<ClientRef>): Promise<ClientWriteResult> {
    const base = this.base(body.studioId, body.clientId, meta.actor);
    return this.clients.execute({ type: 'ResendInvitation', data: { ...base, invitationId: randomUUID() } });
  }

  @MessagePattern(RequestSubject.revokeInvitation)
  revokeInvitation(@Payload() { meta, body }: Envelope<ClientRef>): Promise<ClientWriteResult> {
    return this.clients.execute({
      type: 'RevokeInvitation',
      data: this.base(body.studioId, body.clientId, meta.actor),
    });
  }

  @MessagePattern(RequestSubject.deactivateClient)
  deactivate(@Payload() { meta, body }: Envelope<ClientRef>): Promise<ClientWriteResult> {
    return this.clients.execute({
      type: 'DeactivateClient',
      data: this.base(body.studioId, body.clientId, meta.actor),
    });
  }

  /** From the invitation service once the client set a password: the client activated themself. */
  @MessagePattern(RequestSubject.acceptInvitation)
  accept(@Payload() { body }: Envelope<InvitationRefBody>): Promise<ClientWriteResult> {
    const base = this.base(body.studioId, body.clientId, {
      kind: 'client',
      id: body.clientId,
      studioId: body.studioId,
    });
    return this.clients.execute({
      type: 'AcceptInvitation',
      data: { ...base, invitationId: body.invitationId },
    });
  }

  /** From the sweep; an invitation already expired or no longer current is a quiet no-op (the decider's). */
  @MessagePattern(RequestSubject.expireInvitation)
  expire(@Payload() { meta, body }: Envelope<InvitationRefBody>): Promise<ClientWriteResult> {
    const base = this.base(body.studioId, body.clientId, meta.actor);
    return this.clients.execute({
      type: 'ExpireInvitation',
      data: { ...base, invitationId: body.invitationId },
    });
  }

  /** Whether a link may still be used, decided from the stream: the invitation service asks before it shows one. */
  @MessagePattern(RequestSubject.invitationStanding)
  async standing(@Payload() { body }: Envelope<InvitationRefBody>): Promise<InvitationStandingDto> {
    const { state } = await this.clients.loadVisible(body.studioId, body.clientId);
    return { standing: invitationStanding(state, body.invitationId, this.clock.now()) };
  }

  /** The client folded from its stream: authoritative where the index may lag (the gateway's client sessions). */
  @MessagePattern(RequestSubject.getClientState)
  async get(@Payload() { body }: Envelope<ClientRef>): Promise<ClientRecord> {
    const { state } = await this.clients.loadVisible(body.studioId, body.clientId);
    return toClientDto(state);
  }

  @MessagePattern(RequestSubject.clientHistory)
  async history(@Payload() { body }: Envelope<ClientRef>): Promise<{ events: HistoryEntryDto[] }> {
    const { events } = await this.clients.loadVisible(body.studioId, body.clientId);
    return { events: events.map(toHistoryEntry) };
  }

  private base(
    studioId: string,
    clientId: string,
    actor: Envelope<unknown>['meta']['actor'],
  ): ClientCommandBase {
    return { studioId, clientId, now: this.clock.now(), by: actorRefOf(actor) };
  }
}
