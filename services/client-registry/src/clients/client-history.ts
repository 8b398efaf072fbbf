import { type HistoryEntryDto, isRecord } from '@studio/contracts';
import type { RecordedEvent } from '@studio/event-store';

/**
 * One stored event as the audit timeline shows it. Events never hold a token or a hash, so `data` is the
 * event's own fields, less the ones the entry already names (studio, client, time, actor).
 */
export function toHistoryEntry(event: RecordedEvent): HistoryEntryDto {
  const data = isRecord(event.data) ? event.data : {};
  const { studioId: _studioId, clientId: _clientId, at, by, ...rest } = data;
  return {
    type: event.type,
    at: typeof at === 'string' ? at : event.recordedAt.toISOString(),
    by: by ?? null,
    data: rest,
  };
}
