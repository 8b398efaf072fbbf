import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type ClientWriteResult,
  normalizeEmail,
  type PackagePurchase,
  Problem,
  problemOf,
} from '@studio/contracts';
import type { EventStore } from '@studio/event-store';
import { CLOCK, type Clock, EVENT_STORE } from '@studio/service-kit';
import { ClientCommandHandler } from '../clients/client-command.handler';
import { emailScope, staffOwner } from '../clients/client-stream';

/** Two purchases of one new buyer at once: the loser finds the winner's client on its next look. */
const ATTEMPTS = 3;

/**
 * Records a package purchase on the studio's client with the buyer's email, adding the client when there is
 * none (SPEC §1, package purchase). Idempotent on the order id: the decider remembers each client's orders,
 * and a repeat of a new buyer's order finds the client its first delivery added.
 */
@Injectable()
export class PurchaseRecorder {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ClientCommandHandler) private readonly clients: ClientCommandHandler,
  ) {}

  /** @throws Problem: `email-taken` when the address is a staff member's, the decider's refusals otherwise. */
  async record(purchase: PackagePurchase): Promise<ClientWriteResult> {
    const { studioId, buyer } = purchase;
    const email = normalizeEmail(buyer.email);
    for (let attempt = 1; ; attempt++) {
      const owner = await this.store.reservationOwner(emailScope(studioId), email);
      if (owner?.startsWith(staffOwner(''))) {
        throw Problem.of('email-taken', 'the buyer’s email belongs to a member of the studio’s staff');
      }
      try {
        return await this.clients.execute({
          type: 'RecordPurchase',
          data: {
            studioId,
            clientId: owner ?? randomUUID(),
            now: this.clock.now(),
            by: { kind: 'checkout', id: purchase.orderId },
            orderId: purchase.orderId,
            package: purchase.package,
            purchasedAt: purchase.purchasedAt,
            invitationId: randomUUID(),
            buyer: { ...buyer, phone: buyer.phone ?? null },
          },
        });
      } catch (error) {
        const lostTheRace = owner === undefined && problemOf(error)?.code === 'email-taken';
        if (!lostTheRace || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
