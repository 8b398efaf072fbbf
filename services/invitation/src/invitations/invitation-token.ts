import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG: far beyond guessing, and URL-safe as base64url. */
const TOKEN_BYTES = 32;

export function mintToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * Only this hash is stored. A plain SHA-256 suffices for a 256-bit random token (no dictionary to try), and
 * finding the row by an indexed hash compares no secret byte by byte, so it leaks nothing through timing.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
