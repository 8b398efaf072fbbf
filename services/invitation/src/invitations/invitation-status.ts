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
