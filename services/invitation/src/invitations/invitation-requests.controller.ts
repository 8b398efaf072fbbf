import { type SqlDatabase } from '@studio/sql';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AcceptInvitationBody,
  type ActivateStagedCredentialsBody,
  checkPassword,
  DurableSubject,
  type Envelope,
  type ErrorCode,
  type InvitationLookupDto,
  type InvitationStandingDto,
  type MailRequest,
  type PasswordBody,
  RequestSubject,
  type SessionDto,
  type StageCredentialsBody,
  type TokenBody,
  Problem,
} from '@studio/contracts';
import { enqueue, type Requester } from '@studio/messaging';
import { OutboxService, CLOCK, type Clock, DATABASE, REQUESTER } from '@studio/service-kit';
import { redeemStep, refusalFor } from './invitation-status';
import { hashToken } from './invitation-token';
import { type ClientCopy, type Invitation, InvitationsRepository } from './invitations.repository';
import { publicStudio, StudioDirectory } from './studio-directory';

export type RedeemedDto = SessionDto & { readonly redirectTo: '/dashboard' };

const STANDING_REFUSAL = {
  expired: 'invitation-expired',
  replaced: 'invitation-replaced',
  revoked: 'invitation-revoked',
  used: 'invitation-used',
  unknown: 'invitation-not-found',
} as const satisfies Record<Exclude<InvitationStandingDto['standing'], 'current'>, ErrorCode>;

/** The public side of a link: what it is for (reading never uses it up), and setting a password from it. */
@Controller()
export class InvitationRequestsController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(REQUESTER) private readonly requester: Requester,
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

  /**
   * Sets the password from the link, in steps that may each be repeated: identity stages the password, the
   * registry accepts (again: it answers the same for the invitation the client is Active from), identity
   * activates the staged password and opens a session; then the link is redeemed and the owner told (once, by
   * key). An attempt that stopped half-way is finished by the next one, even once the link shows as used.
   */
  @MessagePattern(RequestSubject.redeemInvitation)
  async redeem(@Payload() message: Envelope<PasswordBody>): Promise<RedeemedDto> {
    const { invitation, client } = await this.found(message.body.token);
    const step = redeemStep(invitation, this.clock.now());
    if (step.kind === 'refuse') throw Problem.of(step.code);
    const password = validPassword(message.body.password);

    const { studioId, clientId, invitationId } = invitation;
    const studio = await this.studios.get(studioId);
    if (step.kind === 'accept') {
      await this.requester.request<unknown>(RequestSubject.stageCredentials, {
        studioId,
        clientId,
        invitationId,
        email: client.email,
        firstName: client.firstName,
        lastName: client.lastName,
        password,
      } satisfies StageCredentialsBody);
      // The registry is authoritative: it may refuse (e.g. the link expired or was revoked a moment ago).
      await this.requester.request<unknown>(RequestSubject.acceptInvitation, {
        studioId,
        clientId,
        invitationId,
      } satisfies AcceptInvitationBody);
    }
    // For a used link, identity opens a session only for the password staged from it, and only while the
    // client is still Active from it.
    const session = await this.requester.request<SessionDto>(RequestSubject.activateCredentials, {
      studioId,
      clientId,
      invitationId,
      password,
    } satisfies ActivateStagedCredentialsBody);

    const now = this.clock.now();
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
    await this.db.transaction(async (tx) => {
      await this.invitations.markRedeemed(tx, invitationId, now);
      await enqueue(tx, DurableSubject.mailRequests, mail, mail.key);
    });
    this.outbox.nudge();
    return { ...session, redirectTo: '/dashboard' };
  }

  /**
   * The link's invitation and client, or the refusal that says why the link cannot be used now. This service
   * learns of a revocation, a resend or a deactivation from the registry's events, a moment after they are
   * written; a link that still looks usable here is checked with the registry, so it dies at once.
   */
  private async usable(token: unknown): Promise<{ invitation: Invitation; client: ClientCopy }> {
    const found = await this.found(token);
    const { studioId, clientId, invitationId, status, expiresAt } = found.invitation;
    const refusal = refusalFor(status, expiresAt, this.clock.now());
    if (refusal) throw Problem.of(refusal);
    const { standing } = await this.requester.request<InvitationStandingDto>(
      RequestSubject.invitationStanding,
      { studioId, clientId, invitationId } satisfies AcceptInvitationBody,
    );
    if (standing !== 'current') throw Problem.of(STANDING_REFUSAL[standing]);
    return found;
  }

  /** The link's invitation and client, whatever its status. */
  private async found(token: unknown): Promise<{ invitation: Invitation; client: ClientCopy }> {
    const invitation =
      typeof token === 'string' && token.length > 0
        ? await this.invitations.findByTokenHash(hashToken(token))
        : undefined;
    if (!invitation) throw Problem.of('invitation-not-found');
    const client = await this.invitations.findClient(invitation.studioId, invitation.clientId);
    if (!client) throw new Error(`no copy of client ${invitation.clientId}`);
    return { invitation, client };
  }
}

function validPassword(password: unknown): string {
  if (typeof password !== 'string') {
    throw Problem.of('validation-failed', 'password is required', [
      { field: 'password', message: 'is required' },
    ]);
  }
  const check = checkPassword(password);
  if (!check.ok)
    throw Problem.of('weak-password', check.message, [{ field: 'password', message: check.message }]);
  return password;
}
