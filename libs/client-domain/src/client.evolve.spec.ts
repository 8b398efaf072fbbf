import type { ClientEvent } from '@studio/contracts';
import { evolve } from './client.evolve';
import { initialState, type ClientState } from './client.state';
import { toClientView } from './client.view';
import {
  aClientActivated,
  aClientAdded,
  aClientDeactivated,
  aClientInvitationExpired,
  aClientInvited,
  aClientProfileUpdated,
  hoursAfterT0,
  iso,
  PROFILE,
  T0,
} from './testing/client-events.builders';

const fold = (...events: ClientEvent[]): ClientState => events.reduce(evolve, initialState);

function existing(state: ClientState) {
  if (state.kind !== 'existing') throw new Error('expected an existing client');
  return state;
}

describe('evolve', () => {
  it('starts from the initial state at version -1', () => {
    expect(fold()).toEqual({ kind: 'initial', version: -1 });
  });

  it('ignores events before ClientAdded', () => {
    expect(fold(aClientInvited())).toEqual(initialState);
  });

  it('counts the version as events applied - 1', () => {
    expect(fold(aClientAdded(), aClientInvited(), aClientActivated()).version).toBe(2);
  });

  it('keeps activation history across a deactivation', () => {
    const activatedAt = iso(hoursAfterT0(2));
    const state = existing(
      fold(aClientAdded(), aClientInvited(), aClientActivated({ at: activatedAt }), aClientDeactivated()),
    );
    expect(state).toMatchObject({
      access: 'Inactive',
      invitation: null,
      wasActive: true,
      activatedAt,
      activatedBy: 'inv-1',
    });
  });
});

describe('toClientView', () => {
  it('shows the API.md Client shape without delivery', () => {
    const state = existing(
      fold(aClientAdded(), aClientProfileUpdated({ changes: { tags: ['VIP'] } }), aClientInvited()),
    );
    expect(toClientView(state)).toEqual({
      id: 'client-1',
      ...PROFILE,
      tags: ['VIP'],
      access: 'Invited',
      invitation: { status: 'pending', sentAt: iso(T0), expiresAt: iso(hoursAfterT0(72)) },
      createdAt: iso(T0),
      activatedAt: null,
      version: 2,
    });
  });

  it('shows an invitation the sweep recorded as expired', () => {
    const state = existing(fold(aClientAdded(), aClientInvited(), aClientInvitationExpired()));
    expect(toClientView(state).invitation?.status).toBe('expired');
  });
});
