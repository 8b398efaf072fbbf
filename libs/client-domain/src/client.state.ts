import type { Access, ClientProfile, InvitationReason } from '@studio/contracts';

/** The link the client may use now; `expired` once the sweep recorded ClientInvitationExpired. */
export interface CurrentInvitation {
  readonly invitationId: string;
  readonly sentAt: string;
  /** Sent by a resend (not the first invitation): the next resend waits the resend interval after it. */
  readonly resent: boolean;
  readonly expiresAt: string;
  readonly expired: boolean;
  /** Kept so a resend can repeat the designer's message and the reason. */
  readonly message: string | null;
  readonly reason: InvitationReason;
}

/** Why an earlier invitation is no longer current: a late acceptance is answered with this. */
export type ClosedInvitation = 'replaced' | 'revoked' | 'used';

export interface InitialClientState {
  readonly kind: 'initial';
  readonly version: -1;
}

export interface ExistingClientState {
  readonly kind: 'existing';
  readonly studioId: string;
  readonly clientId: string;
  readonly profile: ClientProfile;
  /** Invited exactly when `invitation` is not null. */
  readonly access: Access;
  readonly invitation: CurrentInvitation | null;
  /** The latest activation; kept after a deactivation. */
  readonly activatedAt: string | null;
  /** The invitation of the latest activation; kept after a deactivation (then `access` tells it is over). */
  readonly activatedBy: string | null;
  readonly wasActive: boolean;
  readonly createdAt: string;
  /** The stream version: events applied − 1. */
  readonly version: number;
  readonly closedInvitations: Readonly<Record<string, ClosedInvitation>>;
  /** Purchases already recorded, so a redelivered one changes nothing. */
  readonly orderIds: readonly string[];
}

export type ClientState = InitialClientState | ExistingClientState;

// Typed as the union so `events.reduce(evolve, initialState)` infers ClientState.
export const initialState: ClientState = { kind: 'initial', version: -1 };
