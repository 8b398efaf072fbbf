import { EventPattern } from '@nestjs/microservices';
import type { ConsumeOptions } from './durable-bus.port';

/**
 * Makes a controller method the handler of a durable consumer of `subject` (see `DurableEventsServer`), with
 * its consume options typed: e.g. `@Durable('events.client.>', { ordered: true })` for a stream's events.
 */
export const Durable = (subject: string, options: ConsumeOptions = {}): MethodDecorator =>
  EventPattern<string>(subject, { ...options });
