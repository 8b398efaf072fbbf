import { randomUUID } from 'node:crypto';
import { type NewEvent, type RecordedEvent, type Reservation } from './event-store.port';

/** Test data: a client event with fresh ids; override what the test is about. */
export function anEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    id: randomUUID(),
    type: 'ClientAdded',
    data: { studioId: 'studio-1', clientId: randomUUID(), email: 'ada@example.com' },
    metadata: { correlationId: randomUUID() },
    ...overrides,
  };
}

export function someEvents(count: number, overrides: Partial<NewEvent> = {}): NewEvent[] {
  return Array.from({ length: count }, () => anEvent(overrides));
}

export function aStreamId(): string {
  return `client-${randomUUID()}`;
}

export function aReservation(overrides: Partial<Reservation> = {}): Reservation {
  return { scope: 'studio-1/email', key: `${randomUUID()}@example.com`, owner: aStreamId(), ...overrides };
}

export function idsOf(events: readonly (NewEvent | RecordedEvent)[]): string[] {
  return events.map((event) => event.id);
}
