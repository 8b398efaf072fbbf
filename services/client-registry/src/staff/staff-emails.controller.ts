import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type Envelope,
  parseEmail,
  type ReserveStaffEmailBody,
  RequestSubject,
  Problem,
} from '@studio/contracts';
import { ReservationTakenError } from '@studio/event-store';
import { PORTS, type ServicePorts } from '@studio/service-kit';
import { RegistryStore } from '../store/registry-store';
import { emailScope, staffOwner, staffStream, toNewEvent } from '../clients/client-stream';

/**
 * Staff emails live in the same per-studio scope as clients', so a staff address cannot be a client's too.
 * The reservation is taken by appending `StaffEmailReserved` to the staff member's own stream.
 */
@Controller()
export class StaffEmailsController {
  constructor(
    @Inject(PORTS) private readonly ports: ServicePorts,
    @Inject(RegistryStore) private readonly registry: RegistryStore,
  ) {}

  @MessagePattern(RequestSubject.reserveStaffEmail)
  async reserve(@Payload() { body }: Envelope<ReserveStaffEmailBody>): Promise<Record<string, never>> {
    const parsed = parseEmail(body.email);
    if (!parsed.ok) throw Problem.of('validation-failed', 'the email is not valid', parsed.errors);
    const { studioId, staffId } = body;
    const reservation = { scope: emailScope(studioId), key: parsed.value, owner: staffOwner(staffId) };
    const { store } = this.registry;
    const owner = await store.reservationOwner(reservation.scope, reservation.key);
    // Asked again (a retried studio creation): already ours, nothing to do.
    if (owner === reservation.owner) return {};
    if (owner !== undefined) throw Problem.of('email-taken', 'this email is already used in the studio');
    const event = {
      type: 'StaffEmailReserved',
      data: { studioId, staffId, email: reservation.key, at: this.ports.clock.now().toISOString() },
    };
    try {
      await store.append(staffStream(staffId), [toNewEvent(event)], {
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
