import type { JSONEventData, JSONType, RecordedEvent as KurrentRecord } from '@kurrent/kurrentdb-client';
import { type EventMetadata, type NewEvent, type RecordedEvent } from '../event-store.port';
import { fromKurrentPosition } from './kurrent-position';
import { type KurrentStreamNames } from './kurrent-stream-names';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A metadata value that is not a string is kept as JSON under its key plus this suffix. */
const JSON_SUFFIX = ':json';

/**
 * Metadata as a map of strings: the only form an atomic multi-stream append takes (KurrentDB 25.1), used for
 * every append so all events read back alike.
 */
export function encodeMetadata(metadata: EventMetadata): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (value === undefined) continue;
    if (typeof value === 'string') encoded[key] = value;
    else encoded[`${key}${JSON_SUFFIX}`] = JSON.stringify(value);
  }
  return encoded;
}

/** The inverse of `encodeMetadata`; keys the server adds (`$…`) are left out. */
export function decodeMetadata(stored: unknown): EventMetadata {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored) || stored instanceof Uint8Array)
    return {};
  const decoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (key.startsWith('$')) continue;
    if (key.endsWith(JSON_SUFFIX) && typeof value === 'string')
      decoded[key.slice(0, -JSON_SUFFIX.length)] = JSON.parse(value) as unknown;
    else decoded[key] = value;
  }
  return decoded;
}

/** KurrentDB keys events by UUID (and drops a repeated id in a stream as a retry). */
export function toEventData(event: NewEvent): JSONEventData {
  if (!UUID.test(event.id)) throw new RangeError(`event ids must be UUIDs on KurrentDB; got "${event.id}"`);
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    data: event.data as JSONType,
    metadata: encodeMetadata(event.metadata ?? {}),
  };
}

export function toRecordedEvent(names: KurrentStreamNames, record: KurrentRecord): RecordedEvent {
  if (!record.position) throw new Error(`event ${record.id} was read without its $all position`);
  return {
    id: record.id,
    type: record.type,
    data: record.isJson ? record.data : (JSON.parse(Buffer.from(record.data).toString('utf8')) as unknown),
    metadata: decodeMetadata(record.metadata),
    streamId: names.streamIdOf(record.streamId),
    streamVersion: Number(record.revision),
    position: fromKurrentPosition(record.position),
    recordedAt: record.created,
  };
}
