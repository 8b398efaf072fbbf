import { type InvitationSettings } from '../invitation.settings';
import { type SqlDatabase } from '@studio/sql';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type ClientEvent,
  DurableSubject,
  isClientEvent,
  type MailRequest,
  type PublishedEvent,
} from '@studio/contracts';
import { Durable, type DurableMessage, enqueue } from '@studio/messaging';
import {
  OutboxService,
  CLOCK,
  type Clock,
  DATABASE,
  LINK_SEALER,
  type LinkSealer,
  SETTINGS,
} from '@studio/service-kit';
import { hashToken, mintToken } from './invitation-token';
import { InvitationsRepository } from './invitations.repository';
import { publicStudio, StudioDirectory } from './studio-directory';

type LinkEvent = Extract<ClientEvent, { type: 'ClientInvited' | 'ClientInvitationResent' }>;

/**
 * One consumer for every client event, so the events of a client arrive in their order (a ClientAdded before
 * the ClientInvited that needs its email). Each step is idempotent: redelivery changes nothing.
 */
@Controller()
export class ClientEventsConsumer {
  private readonly log = new Logger(ClientEventsConsumer.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(SETTINGS) private readonly settings: InvitationSettings,
    @Inject(InvitationsRepository) private readonly invitations: InvitationsRepository,
    @Inject(StudioDirectory) private readonly studios: StudioDirectory,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(LINK_SEALER) private readonly sealer: LinkSealer,
  ) {}

  @Durable(`${DurableSubject.clientEvents}.>`, { ordered: true })
  async onClientEvent(@Payload() message: DurableMessage): Promise<void> {
    const published = message.data as PublishedEvent;
    const event: unknown = { type: published.type, data: published.data };
    if (!isClientEvent(event)) {
      this.log.warn(`ignoring a message that is not a client event: ${message.id}`);
      return;
    }
    await this.apply(event, published.streamVersion);
  }

  private async apply(event: ClientEvent, version: number): Promise<void> {
    const { studioId, clientId } = event.data;
    const at = new Date(event.data.at);
    switch (event.type) {
      case 'ClientAdded':
        return this.invitations.saveClient(studioId, clientId, version, event.data);
      case 'ClientProfileUpdated':
        return this.invitations.updateClient(studioId, clientId, version, event.data.changes);
      case 'ClientInvited':
      case 'ClientInvitationResent':
        return this.mint(event);
      case 'ClientInvitationRevoked':
        return this.invitations.settle(event.data.invitationId, 'revoked', at);
      case 'ClientInvitationExpired':
        return this.invitations.settle(event.data.invitationId, 'expired', at);
      case 'ClientActivated':
        return this.invitations.settle(event.data.invitationId, 'used', at);
      case 'ClientDeactivated':
        return this.invitations.revokeOpenOf(studioId, clientId);
      case 'ClientPurchaseRecorded':
        return this.invitations.notePurchase(studioId, clientId, version, event.data.package.name);
    }
  }

  /** Mints the link, stores its hash, and enqueues the email carrying it, all in one transaction. */
  private async mint(event: LinkEvent): Promise<void> {
    const { studioId, clientId, invitationId, expiresAt, message, reason } = event.data;
    const found = await this.invitations.toMint(studioId, clientId, invitationId);
    if (found.minted) return;
    const { client } = found;
    // Events arrive in order, so this means the copy is not there yet: have the event redelivered.
    if (!client) throw new Error(`no copy of client ${clientId} for invitation ${invitationId}`);
    const studio = await this.studios.get(studioId);
    const token = mintToken();
    const mail: MailRequest = {
      template: reason === 'purchase' ? 'purchase-welcome' : 'invitation',
      key: `invitation:${invitationId}`,
      to: client.email,
      studio: publicStudio(studio),
      clientId,
      invitationId,
      firstName: client.firstName,
      message,
      ...(reason === 'purchase' ? { packageName: client.packageName } : {}),
      link: this.sealer.seal(`${this.settings.publicUrl}/invitations/${token}`),
      expiresAt,
    };
    const created = await this.db.transaction(async (tx) => {
      const stored = await this.invitations.insertReplacingOlder(tx, {
        invitationId,
        studioId,
        clientId,
        tokenHash: hashToken(token),
        reason,
        message,
        expiresAt,
        createdAt: this.clock.now(),
      });
      if (stored) await enqueue(tx, DurableSubject.mailRequests, mail, mail.key);
      return stored;
    });
    if (created) this.outbox.nudge();
  }
}
