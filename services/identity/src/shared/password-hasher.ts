import { argon2id, hash, verify } from 'argon2';

/** OWASP's argon2id minimum (SPEC: m=19 MiB, t=2, p=1). */
const OPTIONS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * A hash of a random secret nobody knows, with the same parameters: verified against when there is no account,
 * so an unknown email costs the same time as a wrong password.
 */
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,p=1,t=2$NnA3Hx6mOTZz+PFfA0/kgw$ToagzFVOhKb7Yl9bWgb1YOWyWBwxrZl0GOKFk+lU8BQ';

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Verifies against the account's hash, or the dummy one when there is none; false for the dummy always. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  const matches = await verify(passwordHash ?? DUMMY_HASH, password).catch(() => false);
  return passwordHash !== null && matches;
}
