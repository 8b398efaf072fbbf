/** Pure: how one published event changes a client's row of the index. */
import { type ClientEvent, isClientEvent, type PublishedEvent } from '@studio/contracts';
import { type ClientState, evolve, type ExistingClientState, initialState } from '@studio/client-domain';

/** The client event inside a published one, or undefined for anything else (a rebuild reads staff streams too). */
export function clientEventOf(event: PublishedEvent): ClientEvent | undefined {
  if (!event.streamId.startsWith('client-')) return undefined;
  const candidate = { type: event.type, data: event.data };
  return isClientEvent(candidate) ? candidate : undefined;
}

/**
 * The row's next state, or undefined when the event changes nothing: already applied (redelivery; versions
 * only grow), of another studio than the row's, or arriving before the client's ClientAdded.
 */
export function project(
  current: ExistingClientState | undefined,
  event: ClientEvent,
  streamVersion: number,
): ExistingClientState | undefined {
  if (
    current !== undefined &&
    (streamVersion <= current.version || current.studioId !== event.data.studioId)
  ) {
    return undefined;
  }
  const next = evolve(current ?? initialState, event);
  return isExisting(next) ? { ...next, version: streamVersion } : undefined;
}

const isExisting = (state: ClientState): state is ExistingClientState => state.kind === 'existing';
