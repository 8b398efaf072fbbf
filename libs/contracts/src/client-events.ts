/**
 * The events of a client stream (`client-<clientId>`, SPEC §2). The event log is permanent, so no event
 * carries a token, a password or a hash. Correlation ids travel in event metadata, not in `data`.
 */
import type { ClientProfile } from './api/client.schema';
import { isRecord } from './guards';

/** The actor as an event records it (the stream already names the studio): a staff member, the client, the
 * system (e.g. the expiry sweep) or a checkout. */
export interface ActorRef {
  readonly kind: 'staff' | 'client' | 'system' | 'checkout';
  readonly id: string;
}

/** Why an invitation link was sent: a designer's invite, or the welcome after a package purchase. */
export type InvitationReason = 'invite' | 'purchase';

export interface PurchasedPackage {
  readonly id: string;
  readonly name: string;
}

interface ClientEventBase {
  readonly studioId: string;
  readonly clientId: string;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly by: ActorRef;
}

type EventShape<T extends string, D> = { readonly type: T; readonly data: ClientEventBase & D };

export type ClientAdded = EventShape<'ClientAdded', ClientProfile>;

/** Only the changed fields; `previousEmail` when the email changed, so the old address can be freed. */
export type ClientProfileUpdated = EventShape<
  'ClientProfileUpdated',
  { readonly changes: Partial<ClientProfile>; readonly previousEmail?: string }
>;

/** `message` is the designer's text, or null for the generic one. */
export type ClientInvited = EventShape<
  'ClientInvited',
  {
    readonly invitationId: string;
    readonly expiresAt: string;
    readonly message: string | null;
    readonly reason: InvitationReason;
  }
>;

/** A new link replaces `replacedInvitationId`; message and reason repeat the invitation's so the email can be rendered again. */
export type ClientInvitationResent = EventShape<
  'ClientInvitationResent',
  {
    readonly invitationId: string;
    readonly replacedInvitationId: string;
    readonly expiresAt: string;
    readonly message: string | null;
    readonly reason: InvitationReason;
  }
>;

export type ClientInvitationRevoked = EventShape<
  'ClientInvitationRevoked',
  { readonly invitationId: string; readonly expiresAt: string }
>;

export type ClientInvitationExpired = EventShape<
  'ClientInvitationExpired',
  { readonly invitationId: string; readonly expiresAt: string }
>;

/** The client set a password from `invitationId`; `at` is the activation (their first sign-in). */
export type ClientActivated = EventShape<'ClientActivated', { readonly invitationId: string }>;

/** `cancelledInvitationId`: the pending invitation that died with the deactivation, if the client was Invited. */
export type ClientDeactivated = EventShape<
  'ClientDeactivated',
  { readonly cancelledInvitationId: string | null }
>;

export type ClientPurchaseRecorded = EventShape<
  'ClientPurchaseRecorded',
  { readonly orderId: string; readonly package: PurchasedPackage; readonly purchasedAt: string }
>;

export type ClientEvent =
  | ClientAdded
  | ClientProfileUpdated
  | ClientInvited
  | ClientInvitationResent
  | ClientInvitationRevoked
  | ClientInvitationExpired
  | ClientActivated
  | ClientDeactivated
  | ClientPurchaseRecorded;

export type ClientEventType = ClientEvent['type'];

export type ClientEventOf<T extends ClientEventType> = Extract<ClientEvent, { type: T }>;

// A Record, so the compiler refuses a list that misses a type.
const TYPES: Record<ClientEventType, true> = {
  ClientAdded: true,
  ClientProfileUpdated: true,
  ClientInvited: true,
  ClientInvitationResent: true,
  ClientInvitationRevoked: true,
  ClientInvitationExpired: true,
  ClientActivated: true,
  ClientDeactivated: true,
  ClientPurchaseRecorded: true,
};

export const CLIENT_EVENT_TYPES = Object.keys(TYPES) as readonly ClientEventType[];

/** Checks the envelope (a known type, and data naming studio, client, time and actor), not every payload field. */
export function isClientEvent(value: unknown): value is ClientEvent {
  if (!isRecord(value) || !isClientEventType(value.type) || !isRecord(value.data)) return false;
  const { studioId, clientId, at, by } = value.data;
  return (
    typeof studioId === 'string' && typeof clientId === 'string' && typeof at === 'string' && isRecord(by)
  );
}

export function isClientEventType(value: unknown): value is ClientEventType {
  return typeof value === 'string' && Object.hasOwn(TYPES, value);
}
