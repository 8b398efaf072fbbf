import { createHash } from 'node:crypto';
import { hashToken, mintToken } from './invitation-token';
import { refusalFor } from './invitation-status';

describe('invitation tokens', () => {
  it('mints 256-bit base64url tokens, each different', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => mintToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('stores a SHA-256 hex digest, never the token itself', () => {
    const token = mintToken();
    const hash = hashToken(token);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashToken(token)).toBe(hash);
    expect(hashToken(mintToken())).not.toBe(hash);
  });
});

describe('refusalFor', () => {
  const expiresAt = new Date('2026-11-29T14:00:00Z');
  const before = new Date('2026-11-29T13:59:59Z');

  it('lets a pending link be used until it expires, and not at the moment of expiry', () => {
    expect(refusalFor('pending', expiresAt, before)).toBeNull();
    expect(refusalFor('pending', expiresAt, expiresAt)).toBe('invitation-expired');
  });

  it('names why a dead link is dead', () => {
    expect(refusalFor('replaced', expiresAt, before)).toBe('invitation-replaced');
    expect(refusalFor('revoked', expiresAt, before)).toBe('invitation-revoked');
    expect(refusalFor('used', expiresAt, before)).toBe('invitation-used');
    expect(refusalFor('expired', expiresAt, before)).toBe('invitation-expired');
  });
});
