import { Controller, Inject, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type ClientEvent,
  DurableSubject,
  isClientEvent,
  parseEmail,
  type PublishedEvent,
  Problem,
} from '@studio/contracts';
import { Durable, type DurableMessage } from '@studio/messaging';
import { AccountsRepository, type ProfileChanges } from '../accounts/accounts.repository';
import { ClientActivation } from '../credentials/client-activation.service';
import { StagedCredentialsRepository } from '../credentials/staged-credentials.repository';

type ProfileUpdated = Extract<ClientEvent, { type: 'ClientProfileUpdated' }>;

/**
 * Keeps client accounts in step with the client registry. One consumer for every client event, so a client's
 * events are applied in their order: an activation before the deactivation that follows it. Idempotent: each
 * change applies only to an account that has not yet seen the event's stream version.
 */
@Controller()
export class ClientEventsConsumer {
  private readonly log = new Logger(ClientEventsConsumer.name);

  constructor(
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(StagedCredentialsRepository) private readonly staged: StagedCredentialsRepository,
    @Inject(ClientActivation) private readonly activation: ClientActivation,
  ) {}

  @Durable(`${DurableSubject.clientEvents}.>`, { ordered: true })
  async onClientEvent(@Payload() message: DurableMessage): Promise<void> {
    const published: Partial<PublishedEvent> =
      typeof message.data === 'object' && message.data !== null ? message.data : {};
    const event: unknown = { type: published.type, data: published.data };
    const version = published.streamVersion;
    if (!isClientEvent(event) || typeof version !== 'number') {
      // It cannot get better: acknowledged, not redelivered.
      this.log.warn(`ignored malformed client event message ${message.id}`);
      return;
    }
    await this.apply(event, version);
  }

  private async apply(event: ClientEvent, version: number): Promise<void> {
    switch (event.type) {
      case 'ClientActivated':
        return this.activated(event.data, version);
      case 'ClientDeactivated': {
        const { studioId, clientId, at, cancelledInvitationId } = event.data;
        return this.activation.onDeactivated(
          { studioId, clientId, at: new Date(at) },
          cancelledInvitationId,
          version,
        );
      }
      case 'ClientProfileUpdated':
        return this.profileUpdated(event, version);
      case 'ClientAdded':
      case 'ClientInvited':
      case 'ClientInvitationResent':
      case 'ClientInvitationRevoked':
      case 'ClientInvitationExpired':
      case 'ClientPurchaseRecorded':
        return;
    }
  }

  /** The staged credential becomes the password. One that cannot (its email taken) waits for the activate request. */
  private async activated(
    data: Extract<ClientEvent, { type: 'ClientActivated' }>['data'],
    version: number,
  ): Promise<void> {
    try {
      await this.activation.onActivated(data, version);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      this.log.warn(
        `activation ${data.invitationId} of client ${data.clientId} not applied: ${error.problem.code}`,
      );
    }
  }

  /** A changed email or name follows onto the account and onto a staged credential; older events change nothing. */
  private async profileUpdated({ data }: ProfileUpdated, version: number): Promise<void> {
    const { studioId, clientId, changes: raw } = data;
    const email = raw.email === undefined ? undefined : parseEmail(raw.email);
    const changes: ProfileChanges = {
      ...(email?.ok ? { email: email.value } : {}),
      ...(raw.firstName === undefined ? {} : { firstName: raw.firstName }),
      ...(raw.lastName === undefined ? {} : { lastName: raw.lastName }),
    };
    if (Object.keys(changes).length === 0) return;
    await this.accounts.updateClientProfile(studioId, clientId, changes, version);
    await this.staged.updateProfile(studioId, clientId, changes);
  }
}
