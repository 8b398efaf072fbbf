import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ClientRecord,
  type ClientRecordPage,
  DurableSubject,
  type Envelope,
  type GetClientBody,
  type ListClientsBody,
  type MailDelivery,
  type PublishedEvent,
  RequestSubject,
  Problem,
} from '@studio/contracts';
import { Durable, type DurableMessage } from '@studio/messaging';
import { clientEventOf } from './client-projection';
import { ClientIndexReader } from './client-index.reader';
import { ClientIndexWriter } from './client-index.writer';

/** The client index: fed by client events and delivery reports, read by the gateway. */
@Controller()
export class ClientIndexController {
  private readonly log = new Logger(ClientIndexController.name);

  constructor(
    @Inject(ClientIndexReader) private readonly reader: ClientIndexReader,
    @Inject(ClientIndexWriter) private readonly writer: ClientIndexWriter,
  ) {}

  @Durable(`${DurableSubject.clientEvents}.>`, { ordered: true })
  async onClientEvent(@Payload() message: DurableMessage): Promise<void> {
    if (!isPublishedEvent(message.data)) {
      this.log.warn(`skipped ${message.id}: not a published event`);
      return;
    }
    const event = clientEventOf(message.data);
    if (event !== undefined) await this.writer.apply(message.data, event);
  }

  @Durable(DurableSubject.mailDelivery)
  async onMailDelivery(@Payload() message: DurableMessage): Promise<void> {
    // Only the notification service publishes here; its shape is MailDelivery.
    await this.writer.recordDelivery(message.data as MailDelivery);
  }

  @MessagePattern(RequestSubject.getClient)
  async get(@Payload() { body }: Envelope<GetClientBody>): Promise<ClientRecord> {
    if (body.minVersion !== undefined)
      await this.reader.waitForVersion(body.studioId, body.clientId, body.minVersion);
    const client = await this.reader.get(body.studioId, body.clientId);
    if (client === undefined) throw Problem.of('client-not-found');
    return client;
  }

  @MessagePattern(RequestSubject.listClients)
  async list(@Payload() { body }: Envelope<ListClientsBody>): Promise<ClientRecordPage> {
    return this.reader.list(body);
  }
}

function isPublishedEvent(value: unknown): value is PublishedEvent {
  if (typeof value !== 'object' || value === null) return false;
  const { type, streamId, streamVersion, position } = value as Record<string, unknown>;
  return (
    typeof type === 'string' &&
    typeof streamId === 'string' &&
    typeof streamVersion === 'number' &&
    typeof position === 'string'
  );
}
