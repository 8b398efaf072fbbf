import { type ClientRegistrySettings } from '../client-registry.settings';
import { SETTINGS, EVENT_STORE } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { isClientEvent, type ClientWriteResult, Problem } from '@studio/contracts';
import {
  type ClientCommand,
  type ClientState,
  decide,
  evolve,
  type ExistingClientState,
  initialState,
} from '@studio/client-domain';
import {
  type RecordedEvent,
  ReservationTakenError,
  START,
  type EventStore,
  WrongExpectedVersionError,
} from '@studio/event-store';
import { clientStream, reservationsOf, toClientDto, toNewEvent } from './client-stream';

export interface LoadedClient {
  readonly state: ClientState;
  readonly events: readonly RecordedEvent[];
}

const NEW_CLIENT: LoadedClient = { state: initialState, events: [] };

/** Attempts of a decision that lost a race with a concurrent writer (no If-Match given): re-read, re-decide. */
const ATTEMPTS = 4;

/** Handles client commands: reads the stream, decides, appends with optimistic concurrency and email reservations, and on a lost race re-reads and decides again. */
@Injectable()
export class ClientCommandHandler {
  constructor(
    @Inject(SETTINGS) private readonly settings: ClientRegistrySettings,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async load(clientId: string): Promise<LoadedClient> {
    const events = await this.store.readStream(clientStream(clientId));
    // A stream only ever holds client events; anything else would be a broken stream and is skipped.
    const state = events.reduce<ClientState>((current, event) => {
      const candidate = { type: event.type, data: event.data };
      return isClientEvent(candidate) ? evolve(current, candidate) : current;
    }, initialState);
    return { state, events };
  }

  /** The client as a studio may see it: another studio's client does not exist for it. */
  async loadVisible(
    studioId: string,
    clientId: string,
  ): Promise<LoadedClient & { state: ExistingClientState }> {
    const loaded = await this.load(clientId);
    const { state } = loaded;
    if (state.kind !== 'existing' || state.studioId !== studioId) throw Problem.of('client-not-found');
    return { ...loaded, state };
  }

  /**
   * Decides `command` and appends its events. Decider refusals pass through as DomainExceptions. With an
   * explicit If-Match version a lost race is a `version-mismatch`; without one the command is re-decided.
   */
  async execute(command: ClientCommand, ifMatch: number | null = null): Promise<ClientWriteResult> {
    const { clientId } = command.data;
    for (let attempt = 1; ; attempt++) {
      // An add mints a fresh client id: its stream cannot exist, so the first attempt need not read it.
      const fresh = command.type === 'AddClient' && attempt === 1;
      const { state, events: history } = fresh ? NEW_CLIENT : await this.load(clientId);
      const decided = decide(command, state, {
        invitationTtlMs: this.settings.invitationTtlMs,
        resendIntervalMs: this.settings.resendIntervalMs,
      });
      const next = decided.reduce(evolve, state);
      if (next.kind !== 'existing') throw Problem.of('client-not-found');
      if (decided.length === 0) {
        return { client: toClientDto(next), position: history.at(-1)?.position ?? START };
      }
      try {
        const appended = await this.store.append(
          clientStream(clientId),
          decided.map((event) => toNewEvent(event)),
          {
            expectedVersion: state.kind === 'initial' ? 'no-stream' : state.version,
            ...reservationsOf(decided),
          },
        );
        return { client: toClientDto(next), position: appended.position };
      } catch (error) {
        if (error instanceof ReservationTakenError) {
          throw Problem.of('email-taken', 'this email is already used in the studio');
        }
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (ifMatch !== null) throw Problem.of('version-mismatch', 'the client was changed by someone else');
        if (attempt >= ATTEMPTS) throw Problem.of('conflict', 'the client is changing too fast, try again');
      }
    }
  }
}
