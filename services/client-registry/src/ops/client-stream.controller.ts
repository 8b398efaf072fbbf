import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ClientStream,
  type ClientStreamBody,
  type Envelope,
  isRecord,
  normalizeEmail,
  OpsSubject,
  Problem,
  RequestSubject,
  type StoreSize,
  type StudioDetailsDto,
} from '@studio/contracts';
import { type EventStore, type RecordedEvent, START } from '@studio/event-store';
import type { Requester } from '@studio/messaging';
import { operatorOf, REQUESTER, EVENT_STORE } from '@studio/service-kit';
import { clientStream, emailScope } from '../clients/client-stream';

/** The operator's look at the store: one client's stream as stored, and how many events there are. */
@Controller()
export class ClientStreamController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REQUESTER) private readonly requester: Requester,
  ) {}

  /** By id, or by email in a studio (its slug); every event with its version, time, actor and correlation. */
  @MessagePattern(OpsSubject.clientStream)
  async stream(@Payload() { meta, body }: Envelope<ClientStreamBody>): Promise<ClientStream> {
    operatorOf(meta.actor);
    const clientId =
      'clientId' in body ? body.clientId : await this.clientByEmail(body.email, body.studioSlug);
    const events = await this.store.readStream(clientStream(clientId));
    if (events.length === 0) throw Problem.of('client-not-found', `no stream for client ${clientId}`);
    const first = events[0]?.data;
    return {
      clientId,
      studioId: isRecord(first) && typeof first.studioId === 'string' ? first.studioId : null,
      events: events.map(toStreamEvent),
    };
  }

  @MessagePattern(OpsSubject.storeSize)
  async size(@Payload() { meta }: Envelope<unknown>): Promise<StoreSize> {
    operatorOf(meta.actor);
    return { events: await this.store.countAfter(START, Number.MAX_SAFE_INTEGER) };
  }

  private async clientByEmail(email: string, studioSlug: string): Promise<string> {
    const studio = await this.requester.request<StudioDetailsDto>(RequestSubject.getStudio, {
      slug: studioSlug,
    });
    const owner = await this.store.reservationOwner(emailScope(studio.id), normalizeEmail(email));
    // Staff reserve their emails in the same scope, as `staff:<id>`.
    if (owner === undefined || owner.startsWith('staff:'))
      throw Problem.of('client-not-found', `no client with that email in ${studioSlug}`);
    return owner;
  }
}

/** Events carry no tokens or hashes (links live only in mail requests): their data is shown as stored. */
function toStreamEvent(event: RecordedEvent) {
  const by = isRecord(event.data) && isRecord(event.data.by) ? event.data.by : undefined;
  const correlationId = event.metadata.correlationId;
  return {
    version: event.streamVersion,
    type: event.type,
    recordedAt: event.recordedAt.toISOString(),
    position: event.position,
    actor: by === undefined ? null : `${String(by.kind)}:${String(by.id)}`,
    correlationId: typeof correlationId === 'string' && correlationId !== '' ? correlationId : null,
    data: event.data,
  };
}
