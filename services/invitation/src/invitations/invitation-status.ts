import type { ErrorCode } from '@studio/contracts';

export type InvitationStatus = 'pending' | 'replaced' | 'revoked' | 'used' | 'expired';

/** Why a link cannot be used now, or null when it can. Expiry is enforced here, whatever the sweep has done. */
export function refusalFor(status: InvitationStatus, expiresAt: Date, now: Date): ErrorCode | null {
  switch (status) {
    case 'pending':
      return now.getTime() >= expiresAt.getTime() ? 'invitation-expired' : null;
    case 'replaced':
      return 'invitation-replaced';
    case 'revoked':
      return 'invitation-revoked';
    case 'used':
      return 'invitation-used';
    case 'expired':
      return 'invitation-expired';
  }
}

/**
 * What redeeming the link does now: `accept` a pending link; `finish` the acceptance of a used one that no
 * redeem completed (an attempt stopped after the registry accepted, whose event then marked the link used)
 * while the link would still be valid: identity then requires the password that acceptance set, and the client
 * still Active from it; or refuse. A completed redeem is `invitation-used`: a caller that may lose the answer
 * sends an `Idempotency-Key` and gets it again.
 */
export type RedeemStep =
  | { readonly kind: 'accept' }
  | { readonly kind: 'finish' }
  | { readonly kind: 'refuse'; readonly code: ErrorCode };

export function redeemStep(
  link: {
    readonly status: InvitationStatus;
    readonly expiresAt: Date;
    readonly redeemed: boolean;
  },
  now: Date,
): RedeemStep {
  const unfinished = link.status === 'used' && !link.redeemed;
  if (unfinished && now.getTime() < link.expiresAt.getTime()) return { kind: 'finish' };
  const refusal = refusalFor(link.status, link.expiresAt, now);
  return refusal ? { kind: 'refuse', code: refusal } : { kind: 'accept' };
}
