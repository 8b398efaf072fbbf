import { createHash, randomBytes } from 'node:crypto';

/** Session and reset tokens: 256 bits from the CSPRNG, base64url (43 characters). */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored and looked up instead of the token. A hash lookup compares no secret byte by byte, so it is
 * constant-time by construction; a 256-bit random token needs no salt or slow hash.
 */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
