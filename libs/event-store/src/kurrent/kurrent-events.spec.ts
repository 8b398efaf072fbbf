import { randomUUID } from 'node:crypto';
import type { RecordedEvent as KurrentRecord } from '@kurrent/kurrentdb-client';
import { anEvent } from '../event-store.builders';
import { decodeMetadata, encodeMetadata, toEventData, toRecordedEvent } from './kurrent-events';
import { KurrentStreamNames } from './kurrent-stream-names';

const names = new KurrentStreamNames('event_store');

/** A record as the client gives it back after reading. */
function aRecord(overrides: Partial<KurrentRecord> = {}): KurrentRecord {
  return {
    streamId: 'event_store:client-1',
    id: randomUUID(),
    isJson: true,
    revision: 4n,
    type: 'ClientAdded',
    created: new Date('2026-12-01T08:00:00Z'),
    data: { clientId: 'client-1' },
    metadata: { correlationId: 'corr-1' },
    position: { commit: 1200n, prepare: 1100n },
    ...overrides,
  } as KurrentRecord;
}

describe('KurrentDB event shapes', () => {
  it('write an event as JSON with its own id, type, data and string metadata', () => {
    const event = anEvent({ metadata: { correlationId: 'corr-1', causationId: 'cause-1' } });
    expect(toEventData(event)).toEqual({
      id: event.id,
      contentType: 'application/json',
      type: event.type,
      data: event.data,
      metadata: { correlationId: 'corr-1', causationId: 'cause-1' },
    });
    expect(toEventData(anEvent({ metadata: undefined })).metadata).toEqual({});
  });

  it('refuse an event id that is not a UUID (KurrentDB keys events by UUID)', () => {
    expect(() => toEventData(anEvent({ id: 'evt-1' }))).toThrow(/UUIDs/);
  });

  it('keep metadata that is not a string through the string-only form, and back', () => {
    const metadata = { correlationId: 'c', attempt: 2, actor: { kind: 'staff', id: 's1' }, flag: null };
    const encoded = encodeMetadata(metadata);
    expect(Object.values(encoded).every((value) => typeof value === 'string')).toBe(true);
    expect(decodeMetadata(encoded)).toEqual(metadata);
    expect(encodeMetadata({ gone: undefined })).toEqual({});
  });

  it("read metadata leaving out the server's own keys and anything that is not an object", () => {
    expect(decodeMetadata({ correlationId: 'c', '$schema.name': 'ClientAdded' })).toEqual({
      correlationId: 'c',
    });
    for (const stored of [undefined, 'text', [1], new Uint8Array([1])])
      expect(decodeMetadata(stored)).toEqual({});
  });

  it('read a record as the port has it: stream id without the namespace, version, position, time', () => {
    const record = aRecord();
    expect(toRecordedEvent(names, record)).toEqual({
      id: record.id,
      type: 'ClientAdded',
      data: { clientId: 'client-1' },
      metadata: { correlationId: 'corr-1' },
      streamId: 'client-1',
      streamVersion: 4,
      position: '1200:1100',
      recordedAt: new Date('2026-12-01T08:00:00Z'),
    });
  });

  it('read JSON data that arrives as bytes', () => {
    const bytes = new Uint8Array(Buffer.from(JSON.stringify({ a: 1 })));
    expect(toRecordedEvent(names, aRecord({ isJson: false, data: bytes })).data).toEqual({
      a: 1,
    });
  });

  it('refuse a record read without its $all position', () => {
    expect(() => toRecordedEvent(names, aRecord({ position: undefined }))).toThrow(/position/);
  });
});
