/** Decisions about invitation links (SPEC §1 access table). */
import {
  parseInvitationMessage,
  type ClientEvent,
  type ClientInvited,
  type ErrorCode,
  type InvitationReason,
} from '@studio/contracts';
import type {
  AcceptInvitation,
  ClientCommandBase,
  DeciderContext,
  ExpireInvitation,
  ResendInvitation,
  RevokeInvitation,
  SendInvitation,
} from './client.commands';
import type { ClosedInvitation, CurrentInvitation, ExistingClientState } from './client.state';

export type InvitationStanding = 'current' | 'expired' | ClosedInvitation | 'unknown';
import { refuse, refuseForNow, stamp, unreachable, valid } from './decision.helpers';

const CLOSED_CODE: Record<ClosedInvitation, ErrorCode> = {
  replaced: 'invitation-replaced',
  revoked: 'invitation-revoked',
  used: 'invitation-used',
};

export function sendInvitation(
  { data }: SendInvitation,
  state: ExistingClientState,
  context: DeciderContext,
): ClientEvent[] {
  switch (state.access) {
    case 'Active':
      return refuse('client-active', 'the client is active: deactivate first, then invite');
    case 'Invited':
      return refuse('invitation-pending', 'an invitation is pending: resend it instead');
    case 'Inactive': {
      const message = valid(parseInvitationMessage(data.message));
      return [invited(data, data.invitationId, message, 'invite', context)];
    }
    default:
      return unreachable(state.access);
  }
}

/**
 * Works for a pending or an expired invitation: a new link and a new TTL; the old link is replaced. One
 * resend per resend interval: not sooner than that after the last resend, so nobody can flood an inbox
 * through the studio.
 */
export function resendInvitation(
  { data }: ResendInvitation,
  state: ExistingClientState,
  context: DeciderContext,
): ClientEvent[] {
  const current = currentInvitation(state);
  const wait = Date.parse(current.sentAt) + context.resendIntervalMs - data.now.getTime();
  if (current.resent && wait > 0)
    refuseForNow('an invitation email went out a moment ago: resend it a little later', wait);
  return [
    {
      type: 'ClientInvitationResent',
      data: {
        ...stamp(data),
        invitationId: data.invitationId,
        replacedInvitationId: current.invitationId,
        expiresAt: expiry(data.now, context),
        message: current.message,
        reason: current.reason,
      },
    },
  ];
}

export function revokeInvitation({ data }: RevokeInvitation, state: ExistingClientState): ClientEvent[] {
  const { invitationId, expiresAt } = currentInvitation(state);
  return [{ type: 'ClientInvitationRevoked', data: { ...stamp(data), invitationId, expiresAt } }];
}

/**
 * Idempotent for the sweep: an invitation already expired, or no longer current (replaced, revoked, used),
 * yields nothing. Expiring one before its time is refused: the sweep's clock or query is wrong.
 */
export function expireInvitation({ data }: ExpireInvitation, state: ExistingClientState): ClientEvent[] {
  const current = state.invitation;
  if (current === null || current.invitationId !== data.invitationId || current.expired) return [];
  if (!hasExpired(current, data.now))
    return refuse('conflict', `the invitation expires at ${current.expiresAt}`);
  const { invitationId, expiresAt } = current;
  return [{ type: 'ClientInvitationExpired', data: { ...stamp(data), invitationId, expiresAt } }];
}

/**
 * Expiry is checked at `now`, not only from the sweep's event. A link that is not the current one answers
 * why it died, from the client's own history: replaced by a resend, revoked (also by a deactivation while
 * Invited), or used (accepted before). An id this client never had is not found.
 * Accepting again the invitation the client is Active from changes nothing: the invitation service may
 * repeat an acceptance whose answer it lost, and must get the same outcome.
 */
export function acceptInvitation({ data }: AcceptInvitation, state: ExistingClientState): ClientEvent[] {
  if (state.access === 'Active' && state.activatedBy === data.invitationId) return [];
  const standing = invitationStanding(state, data.invitationId, data.now);
  switch (standing) {
    case 'current':
      return [{ type: 'ClientActivated', data: { ...stamp(data), invitationId: data.invitationId } }];
    case 'expired':
      return refuse('invitation-expired', `the invitation expired at ${state.invitation?.expiresAt}`);
    case 'unknown':
      return refuse('invitation-not-found');
    case 'replaced':
    case 'revoked':
    case 'used':
      return refuse(CLOSED_CODE[standing]);
    default:
      return unreachable(standing);
  }
}

/**
 * Where an invitation of this client stands at `now`, by the client's own history: usable (`current`),
 * `expired`, closed (replaced by a resend, revoked, also by a deactivation while Invited, or used), or
 * `unknown` to this client. A link's page asks this before it shows the form, so a link dies the moment its
 * revocation is written.
 */
export function invitationStanding(
  state: ExistingClientState,
  invitationId: string,
  now: Date,
): InvitationStanding {
  const current = state.invitation;
  if (current?.invitationId === invitationId) return hasExpired(current, now) ? 'expired' : 'current';
  const closed = Object.hasOwn(state.closedInvitations, invitationId)
    ? state.closedInvitations[invitationId]
    : undefined;
  return closed ?? 'unknown';
}

/** A new invitation link (an invite, or the welcome after a purchase) valid for the configured TTL. */
export function invited(
  base: ClientCommandBase,
  invitationId: string,
  message: string | null,
  reason: InvitationReason,
  context: DeciderContext,
): ClientInvited {
  return {
    type: 'ClientInvited',
    data: { ...stamp(base), invitationId, expiresAt: expiry(base.now, context), message, reason },
  };
}

function currentInvitation(state: ExistingClientState): CurrentInvitation {
  return state.invitation ?? refuse('no-invitation', 'the client has no invitation');
}

function hasExpired(invitation: CurrentInvitation, now: Date): boolean {
  return invitation.expired || now.getTime() >= Date.parse(invitation.expiresAt);
}

function expiry(now: Date, { invitationTtlMs }: DeciderContext): string {
  return new Date(now.getTime() + invitationTtlMs).toISOString();
}
