import { type InvitationStatus, REDEEM_RETRY_WINDOW_MS, redeemStep } from './invitation-status';

const now = new Date('2026-11-26T14:00:00.000Z');
const later = new Date(now.getTime() + 1);
const link = (status: InvitationStatus, expiresAt = later, redeemed = false) => ({
  status,
  expiresAt,
  redeemed,
});

describe('redeeming a link', () => {
  it('accepts a pending link until it expires', () => {
    expect(redeemStep(link('pending'), now)).toEqual({ kind: 'accept' });
    expect(redeemStep(link('pending', now), now)).toEqual({ kind: 'refuse', code: 'invitation-expired' });
  });

  it('finishes an acceptance no redeem completed while the link would still be valid', () => {
    expect(redeemStep(link('used'), now)).toEqual({ kind: 'finish' });
    expect(redeemStep(link('used', now), now)).toEqual({ kind: 'refuse', code: 'invitation-used' });
  });

  it('refuses a link a redeem completed', () => {
    expect(redeemStep(link('used', later, true), now)).toEqual({ kind: 'refuse', code: 'invitation-used' });
  });

  it('answers a retry of a completed redeem within five minutes again, even once the link expired', () => {
    const redeemedAt = new Date(now.getTime() - REDEEM_RETRY_WINDOW_MS + 1);
    expect(redeemStep({ ...link('used', now, true), redeemedAt }, now)).toEqual({ kind: 'finish' });
    const tooLate = new Date(now.getTime() - REDEEM_RETRY_WINDOW_MS);
    expect(redeemStep({ ...link('used', later, true), redeemedAt: tooLate }, now)).toEqual({
      kind: 'refuse',
      code: 'invitation-used',
    });
  });

  it('refuses a replaced, revoked or expired link', () => {
    expect(redeemStep(link('replaced'), now)).toEqual({ kind: 'refuse', code: 'invitation-replaced' });
    expect(redeemStep(link('revoked'), now)).toEqual({ kind: 'refuse', code: 'invitation-revoked' });
    expect(redeemStep(link('expired'), now)).toEqual({ kind: 'refuse', code: 'invitation-expired' });
  });
});
