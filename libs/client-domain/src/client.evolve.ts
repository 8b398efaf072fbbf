import type { ClientAdded, ClientEvent } from '@studio/contracts';
import type { ClientState, ClosedInvitation, ExistingClientState } from './client.state';
import { unreachable } from './decision.helpers';

/** Folds one event into the state. Total: an event before ClientAdded (a broken stream) changes nothing. */
export function evolve(state: ClientState, event: ClientEvent): ClientState {
  if (event.type === 'ClientAdded') return added(event);
  if (state.kind === 'initial') return state;
  return { ...apply(state, event), version: state.version + 1 };
}

function added({ data }: ClientAdded): ExistingClientState {
  const { studioId, clientId, at, by: _by, ...profile } = data;
  return {
    kind: 'existing',
    studioId,
    clientId,
    profile,
    access: 'Inactive',
    invitation: null,
    activatedAt: null,
    activatedBy: null,
    wasActive: false,
    createdAt: at,
    version: 0,
    closedInvitations: {},
    orderIds: [],
  };
}

function apply(state: ExistingClientState, event: Exclude<ClientEvent, ClientAdded>): ExistingClientState {
  switch (event.type) {
    case 'ClientProfileUpdated':
      return { ...state, profile: { ...state.profile, ...event.data.changes } };
    case 'ClientInvited': {
      const { invitationId, at, expiresAt, message, reason } = event.data;
      const invitation = {
        invitationId,
        sentAt: at,
        resent: false,
        expiresAt,
        expired: false,
        message,
        reason,
      };
      return { ...state, access: 'Invited', invitation };
    }
    case 'ClientInvitationResent': {
      const { invitationId, at, expiresAt, message, reason, replacedInvitationId } = event.data;
      const invitation = {
        invitationId,
        sentAt: at,
        resent: true,
        expiresAt,
        expired: false,
        message,
        reason,
      };
      return { ...close(state, replacedInvitationId, 'replaced'), invitation };
    }
    case 'ClientInvitationRevoked':
      return { ...close(state, event.data.invitationId, 'revoked'), access: 'Inactive', invitation: null };
    case 'ClientInvitationExpired': {
      const { invitation } = state;
      if (invitation?.invitationId !== event.data.invitationId) return state;
      return { ...state, invitation: { ...invitation, expired: true } };
    }
    case 'ClientActivated': {
      const { invitationId, at } = event.data;
      const activated = {
        access: 'Active',
        invitation: null,
        activatedAt: at,
        activatedBy: invitationId,
        wasActive: true,
      } as const;
      return { ...close(state, invitationId, 'used'), ...activated };
    }
    case 'ClientDeactivated': {
      const { cancelledInvitationId } = event.data;
      const closed = cancelledInvitationId === null ? state : close(state, cancelledInvitationId, 'revoked');
      return { ...closed, access: 'Inactive', invitation: null };
    }
    case 'ClientPurchaseRecorded':
      return { ...state, orderIds: [...state.orderIds, event.data.orderId] };
    default:
      return unreachable(event);
  }
}

function close(state: ExistingClientState, invitationId: string, why: ClosedInvitation): ExistingClientState {
  return { ...state, closedInvitations: { ...state.closedInvitations, [invitationId]: why } };
}
