/**
 * The client decider (SPEC §2): `decide` turns a command and the current state into new events, or refuses
 * with a Problem carrying the API.md problem; `evolve` (client.evolve.ts) folds events into state.
 * Pure: no I/O, no clock, no id generation.
 */
import type { ClientEvent } from '@studio/contracts';
import type {
  ClientCommand,
  DeactivateClient,
  DeciderContext,
  PurchaseBuyer,
  RecordPurchase,
} from './client.commands';
import { type ClientState, type ExistingClientState, initialState } from './client.state';
import { refuse, stamp, unreachable } from './decision.helpers';
import {
  acceptInvitation,
  expireInvitation,
  invited,
  resendInvitation,
  revokeInvitation,
  sendInvitation,
} from './invitation.decisions';
import { addClient, updateProfile } from './profile.decisions';

/** Where a client created by the checkout came from (SPEC §1, package purchase). */
const PURCHASE_SOURCE = 'Package purchase';

/** @throws Problem (a refusal) — nothing must be appended then. An empty array is a no-op. */
export function decide(command: ClientCommand, state: ClientState, context: DeciderContext): ClientEvent[] {
  switch (command.type) {
    case 'AddClient':
      return addClient(command, state, context);
    case 'UpdateProfile':
      return updateProfile(command, existing(state, command.data.studioId));
    case 'SendInvitation':
      return sendInvitation(command, existing(state, command.data.studioId), context);
    case 'ResendInvitation':
      return resendInvitation(command, existing(state, command.data.studioId), context);
    case 'RevokeInvitation':
      return revokeInvitation(command, existing(state, command.data.studioId));
    case 'ExpireInvitation':
      return expireInvitation(command, existing(state, command.data.studioId));
    case 'AcceptInvitation':
      return acceptInvitation(command, existing(state, command.data.studioId));
    case 'DeactivateClient':
      return deactivateClient(command, existing(state, command.data.studioId));
    case 'RecordPurchase':
      return state.kind === 'initial' && command.data.buyer !== undefined
        ? purchaseByNewClient(command, command.data.buyer, context)
        : recordPurchase(command, existing(state, command.data.studioId), context);
    default:
      return unreachable(command);
  }
}

/** A client of another studio does not exist for this one (404, never 403: ids must not leak). */
function existing(state: ClientState, studioId: string): ExistingClientState {
  if (state.kind === 'initial' || state.studioId !== studioId) return refuse('client-not-found');
  return state;
}

/** Active or Invited → Inactive; a pending link dies with it (the event names it, as a revoke would). */
function deactivateClient({ data }: DeactivateClient, state: ExistingClientState): ClientEvent[] {
  if (state.access === 'Inactive') return refuse('client-inactive', 'the client is already inactive');
  const cancelledInvitationId = state.invitation?.invitationId ?? null;
  return [{ type: 'ClientDeactivated', data: { ...stamp(data), cancelledInvitationId } }];
}

/**
 * Idempotent on the order id. An Inactive client also gets a welcome link when the command brings an
 * invitation id; an Invited one already has a link and an Active one needs none (SPEC §1, package purchase).
 */
function recordPurchase(
  { data }: RecordPurchase,
  state: ExistingClientState,
  context: DeciderContext,
): ClientEvent[] {
  if (state.orderIds.includes(data.orderId)) return [];
  const recorded = purchaseRecorded(data);
  if (state.access !== 'Inactive' || data.invitationId === undefined) return [recorded];
  return [recorded, invited(data, data.invitationId, null, 'purchase', context)];
}

function purchaseRecorded(data: RecordPurchase['data']): ClientEvent {
  return {
    type: 'ClientPurchaseRecorded',
    data: { ...stamp(data), orderId: data.orderId, package: data.package, purchasedAt: data.purchasedAt },
  };
}

/** A buyer the studio does not know yet: added with source "Package purchase", the purchase, the welcome link. */
function purchaseByNewClient(
  { data }: RecordPurchase,
  buyer: PurchaseBuyer,
  context: DeciderContext,
): ClientEvent[] {
  const { invitationId } = data;
  const invite =
    invitationId === undefined
      ? {}
      : { invite: { invitationId, message: null, reason: 'purchase' as const } };
  const profile = { ...buyer, source: PURCHASE_SOURCE };
  const added = addClient(
    { type: 'AddClient', data: { ...data, profile, ...invite } },
    initialState,
    context,
  );
  // The purchase sits between the client's creation and the welcome link, as for a client who existed.
  return [...added.slice(0, 1), purchaseRecorded(data), ...added.slice(1)];
}
