/**
 * Commands of the client decider. Everything non-deterministic comes in: ids (client, invitation) are minted
 * by the caller and `now` is the caller's clock, so `decide` stays pure and replayable.
 */
import type {
  ActorRef,
  ClientProfileInput,
  ClientProfilePatch,
  InvitationReason,
  PurchasedPackage,
} from '@studio/contracts';

export interface ClientCommandBase {
  readonly studioId: string;
  readonly clientId: string;
  readonly now: Date;
  readonly by: ActorRef;
}

type CommandShape<T extends string, D = unknown> = { readonly type: T; readonly data: ClientCommandBase & D };

/** With `invite`, the client is added and invited in one decision (atomic: both events or neither). */
export type AddClient = CommandShape<
  'AddClient',
  {
    readonly profile: ClientProfileInput;
    readonly invite?: {
      readonly invitationId: string;
      readonly message?: string | null;
      readonly reason: InvitationReason;
    };
  }
>;

/** `expectedVersion` is the HTTP If-Match: null or absent means no check. */
export type UpdateProfile = CommandShape<
  'UpdateProfile',
  { readonly changes: ClientProfilePatch; readonly expectedVersion?: number | null }
>;

export type SendInvitation = CommandShape<
  'SendInvitation',
  { readonly invitationId: string; readonly message?: string | null }
>;

/** `invitationId` is the new link's id. */
export type ResendInvitation = CommandShape<'ResendInvitation', { readonly invitationId: string }>;

export type RevokeInvitation = CommandShape<'RevokeInvitation'>;

/** From the sweep; `invitationId` is the invitation it found overdue. */
export type ExpireInvitation = CommandShape<'ExpireInvitation', { readonly invitationId: string }>;

/** The client set a password from the link of `invitationId` (the invitation service resolved the token). */
export type AcceptInvitation = CommandShape<'AcceptInvitation', { readonly invitationId: string }>;

export type DeactivateClient = CommandShape<'DeactivateClient'>;

/**
 * A package bought at the checkout. With `invitationId`, a client who is Inactive (or new) gets a welcome link;
 * with `buyer`, a client that does not exist yet is added from the buyer's details.
 */
export type RecordPurchase = CommandShape<
  'RecordPurchase',
  {
    readonly orderId: string;
    readonly package: PurchasedPackage;
    readonly purchasedAt: string;
    readonly invitationId?: string;
    readonly buyer?: PurchaseBuyer;
  }
>;

export type PurchaseBuyer = Pick<ClientProfileInput, 'firstName' | 'lastName' | 'email' | 'phone'>;

export type ClientCommand =
  | AddClient
  | UpdateProfile
  | SendInvitation
  | ResendInvitation
  | RevokeInvitation
  | ExpireInvitation
  | AcceptInvitation
  | DeactivateClient
  | RecordPurchase;

/** Settings the decider needs; the service builds it once from its configuration. */
export interface DeciderContext {
  /** INVITATION_TTL, in milliseconds. */
  readonly invitationTtlMs: number;
  /** INVITATION_RESEND_INTERVAL: at least this long between two resends of a client's invitation. */
  readonly resendIntervalMs: number;
}
