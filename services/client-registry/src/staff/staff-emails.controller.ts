import { CLOCK, type Clock, EVENT_STORE } from '@studio/service-kit';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type Envelope,
  parseEmail,
  type ReserveStaffEmailBody,
  RequestSubject,
  Problem,
} from '@studio/contracts';
import { type EventStore, ReservationTakenError } from '@studio/event-store';
import { emailScope, staffOwner, staffStream, toNewEvent } from '../clients/client-stream';

/**
 * Staff emails live in the same per-studio scope as clients', so a staff address cannot be a client's too.
 * The reservation is taken by appending `StaffEmailReserved` to the staff member's own stream.
 */
@Controller()
export class StaffEmailsController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @MessagePattern(RequestSubject.reserveStaffEmail)
  async reserve(@Payload() { body }: Envelope<ReserveStaffEmailBody>): Promise<Record<string, never>> {
    const parsed = parseEmail(body.email);
    if (!parsed.ok) throw Problem.of('validation-failed', 'the email is not valid', parsed.errors);
    const { studioId, staffId } = body;
    const reservation = { scope: emailScope(studioId), key: parsed.value, owner: staffOwner(staffId) };
    const owner = await this.store.reservationOwner(reservation.scope, reservation.key);
    // Asked again (a retried studio creation): already ours, nothing to do.
    if (owner === reservation.owner) return {};
    if (owner !== undefined) throw Problem.of('email-taken', 'this email is already used in the studio');
    const event = {
      type: 'StaffEmailReserved',
      data: { studioId, staffId, email: reservation.key, at: this.clock.now().toISOString() },
    };
    try {
      await this.store.append(staffStream(staffId), [toNewEvent(event)], {
        expectedVersion: 'any',
        reserve: [reservation],
      });
    } catch (error) {
      if (error instanceof ReservationTakenError)
        throw Problem.of('email-taken', 'this email is already used in the studio');
      throw error;
    }
    return {};
  }
}
