import { evolve } from './client.evolve';
import { type ClientState, type ExistingClientState, initialState } from './client.state';
import { invitationStanding } from './invitation.decisions';
import {
  aClientActivated,
  aClientAdded,
  aClientDeactivated,
  aClientInvitationResent,
  aClientInvitationRevoked,
  aClientInvited,
  hoursAfterT0,
} from './testing/client-events.builders';
import type { ClientEvent } from '@studio/contracts';

const stateAfter = (...history: ClientEvent[]): ExistingClientState => {
  const state: ClientState = history.reduce(evolve, initialState);
  if (state.kind !== 'existing') throw new Error('no client');
  return state;
};
const soon = hoursAfterT0(1);

describe('where an invitation stands (a link page asks before it shows the form)', () => {
  it('current while pending and before its expiry; expired from the TTL on, recorded or not', () => {
    const invited = stateAfter(aClientAdded(), aClientInvited({ invitationId: 'inv-1' }));
    expect(invitationStanding(invited, 'inv-1', soon)).toBe('current');
    expect(invitationStanding(invited, 'inv-1', hoursAfterT0(72))).toBe('expired');
  });

  it('says why a link died: replaced by a resend, revoked (also by a deactivation), or used', () => {
    const resent = stateAfter(
      aClientAdded(),
      aClientInvited({ invitationId: 'inv-1' }),
      aClientInvitationResent({ invitationId: 'inv-2', replacedInvitationId: 'inv-1' }),
    );
    expect(invitationStanding(resent, 'inv-1', soon)).toBe('replaced');
    expect(invitationStanding(resent, 'inv-2', soon)).toBe('current');
    const revoked = stateAfter(
      aClientAdded(),
      aClientInvited({ invitationId: 'inv-1' }),
      aClientInvitationRevoked({ invitationId: 'inv-1' }),
    );
    expect(invitationStanding(revoked, 'inv-1', soon)).toBe('revoked');
    const deactivated = stateAfter(
      aClientAdded(),
      aClientInvited({ invitationId: 'inv-1' }),
      aClientDeactivated({ cancelledInvitationId: 'inv-1' }),
    );
    expect(invitationStanding(deactivated, 'inv-1', soon)).toBe('revoked');
    const used = stateAfter(
      aClientAdded(),
      aClientInvited({ invitationId: 'inv-1' }),
      aClientActivated({ invitationId: 'inv-1' }),
    );
    expect(invitationStanding(used, 'inv-1', soon)).toBe('used');
  });

  it('does not know an invitation of another client', () => {
    expect(invitationStanding(stateAfter(aClientAdded()), 'inv-x', soon)).toBe('unknown');
  });
});
