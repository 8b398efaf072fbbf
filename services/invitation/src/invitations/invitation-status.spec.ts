import { type InvitationStatus, redeemStep } from './invitation-status';

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

  it('refuses a link a redeem completed, a moment later too', () => {
    expect(redeemStep(link('used', later, true), now)).toEqual({ kind: 'refuse', code: 'invitation-used' });
  });

  it('refuses a replaced, revoked or expired link', () => {
    expect(redeemStep(link('replaced'), now)).toEqual({ kind: 'refuse', code: 'invitation-replaced' });
    expect(redeemStep(link('revoked'), now)).toEqual({ kind: 'refuse', code: 'invitation-revoked' });
    expect(redeemStep(link('expired'), now)).toEqual({ kind: 'refuse', code: 'invitation-expired' });
  });
});
