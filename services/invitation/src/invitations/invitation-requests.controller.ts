import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AcceptInvitationBody,
  type ActivateCredentialsBody,
  checkPassword,
  DurableSubject,
  type Envelope,
  type InvitationLookupDto,
  type MailRequest,
  type PasswordBody,
  RequestSubject,
  type SessionDto,
  type TokenBody,
} from '@studio/contracts';
import { enqueue, ProblemError } from '@studio/messaging';
import { OutboxService, PORTS, type ServicePorts } from '@studio/service-kit';
import { refusalFor } from './invitation-status';
import { hashToken } from './invitation-token';
import { type ClientCopy, type Invitation, InvitationsRepository } from './invitations.repository';
import { publicStudio, StudioDirectory } from './studio-directory';

export type RedeemedDto = SessionDto & { readonly redirectTo: '/dashboard' };

/** The public side of a link: what it is for (reading never uses it up), and setting a password from it. */
@Controller()
export class InvitationRequestsController {
  constructor(
    @Inject(PORTS) private readonly ports: ServicePorts,
    @Inject(InvitationsRepository) private readonly invitations: InvitationsRepository,
    @Inject(StudioDirectory) private readonly studios: StudioDirectory,
    @Inject(OutboxService) private readonly outbox: OutboxService,
  ) {}

  @MessagePattern(RequestSubject.lookupInvitation)
  async lookup(@Payload() message: Envelope<TokenBody>): Promise<InvitationLookupDto> {
    const { invitation, client } = await this.usable(message.body.token);
    const studio = await this.studios.get(invitation.studioId);
    return {
      studio: { name: studio.name, slug: studio.slug },
      client: { firstName: client.firstName, email: client.email },
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  @MessagePattern(RequestSubject.redeemInvitation)
  async redeem(@Payload() message: Envelope<PasswordBody>): Promise<RedeemedDto> {
    const { invitation, client } = await this.usable(message.body.token);
    const { password } = message.body;
    if (typeof password !== 'string') {
      throw ProblemError.of('validation-failed', 'password is required', [
        { field: 'password', message: 'is required' },
      ]);
    }
    const check = checkPassword(password);
    if (!check.ok)
      throw ProblemError.of('weak-password', check.message, [{ field: 'password', message: check.message }]);

    const { studioId, clientId, invitationId } = invitation;
    const studio = await this.studios.get(studioId);
    // The registry is authoritative: it may refuse (e.g. the link expired or was revoked a moment ago).
    await this.ports.requester.request<unknown>(RequestSubject.acceptInvitation, {
      studioId,
      clientId,
      invitationId,
    } satisfies AcceptInvitationBody);
    const session = await this.ports.requester.request<SessionDto>(RequestSubject.activateCredentials, {
      studioId,
      clientId,
      email: client.email,
      firstName: client.firstName,
      lastName: client.lastName,
      password,
    } satisfies ActivateCredentialsBody);

    const now = this.ports.clock.now();
    const mail: MailRequest = {
      template: 'invitation-accepted',
      key: `accepted:${invitationId}`,
      to: studio.owner.email,
      studio: publicStudio(studio),
      clientId,
      clientName: `${client.firstName} ${client.lastName}`,
      clientEmail: client.email,
      at: now.toISOString(),
    };
    await this.ports.db.transaction(async (tx) => {
      await this.invitations.settle(invitationId, 'used', now, tx);
      await enqueue(tx, DurableSubject.mailRequests, mail, mail.key);
    });
    this.outbox.nudge();
    return { ...session, redirectTo: '/dashboard' };
  }

  /** The link's invitation and client, or the refusal that says why the link cannot be used now. */
  private async usable(token: unknown): Promise<{ invitation: Invitation; client: ClientCopy }> {
    const invitation =
      typeof token === 'string' && token.length > 0
        ? await this.invitations.findByTokenHash(hashToken(token))
        : undefined;
    if (!invitation) throw ProblemError.of('invitation-not-found');
    const refusal = refusalFor(invitation.status, invitation.expiresAt, this.ports.clock.now());
    if (refusal) throw ProblemError.of(refusal);
    const client = await this.invitations.findClient(invitation.studioId, invitation.clientId);
    if (!client) throw new Error(`no copy of client ${invitation.clientId}`);
    return { invitation, client };
  }
}
