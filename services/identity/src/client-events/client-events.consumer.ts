import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  clientEventSubject,
  type ClientEventOf,
  isClientEvent,
  parseEmail,
  type PublishedEvent,
} from '@studio/contracts';
import { type DurableMessage } from '@studio/messaging';
import { PORTS, type ServicePorts } from '@studio/service-kit';
import { AccountsRepository, type ProfileChanges } from '../accounts/accounts.repository';
import { PasswordResetsRepository } from '../password-resets/password-resets.repository';
import { SessionsRepository } from '../sessions/sessions.repository';

/** Keeps client accounts in step with the client registry. Both handlers are idempotent. */
@Controller()
export class ClientEventsConsumer {
  private readonly log = new Logger(ClientEventsConsumer.name);

  constructor(
    @Inject(PORTS) private readonly ports: ServicePorts,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(PasswordResetsRepository) private readonly resets: PasswordResetsRepository,
  ) {}

  /** The client may no longer sign in: the account is disabled and all its sessions and reset links end at once. */
  @EventPattern<string>(clientEventSubject('ClientDeactivated'))
  async onDeactivated(@Payload() message: DurableMessage): Promise<void> {
    const published = this.eventOf(message, 'ClientDeactivated');
    if (!published) return;
    const { studioId, clientId, at } = published.event.data;
    const now = this.ports.clock.now();
    await this.ports.db.transaction(async (tx) => {
      if (!(await this.accounts.disableClient(tx, studioId, clientId, new Date(at)))) return;
      await this.sessions.endAll(tx, studioId, clientId);
      await this.resets.supersedeOpen(tx, studioId, clientId, now);
    });
  }

  /** A changed email or name follows onto the account; older or repeated events change nothing. */
  @EventPattern<string>(clientEventSubject('ClientProfileUpdated'))
  async onProfileUpdated(@Payload() message: DurableMessage): Promise<void> {
    const published = this.eventOf(message, 'ClientProfileUpdated');
    if (!published) return;
    const { studioId, clientId, changes: raw } = published.event.data;
    const email = raw.email === undefined ? undefined : parseEmail(raw.email);
    const changes: ProfileChanges = {
      ...(email?.ok ? { email: email.value } : {}),
      ...(raw.firstName === undefined ? {} : { firstName: raw.firstName }),
      ...(raw.lastName === undefined ? {} : { lastName: raw.lastName }),
    };
    if (Object.keys(changes).length === 0) return;
    await this.accounts.updateClientProfile(studioId, clientId, changes, published.version);
  }

  /** The published event if it is one of `type`; anything else is logged and acknowledged (it cannot get better). */
  private eventOf<T extends 'ClientDeactivated' | 'ClientProfileUpdated'>(
    message: DurableMessage,
    type: T,
  ): { readonly event: ClientEventOf<T>; readonly version: number } | null {
    const published: Partial<PublishedEvent> =
      typeof message.data === 'object' && message.data !== null ? message.data : {};
    const event: unknown = { type: published.type, data: published.data };
    if (isClientEvent(event) && event.type === type && typeof published.streamVersion === 'number') {
      // isClientEvent checked the type; Extract narrows no further through a generic.
      return { event: event as ClientEventOf<T>, version: published.streamVersion };
    }
    this.log.warn(`ignored malformed ${type} message ${message.id}`);
    return null;
  }
}
