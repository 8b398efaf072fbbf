/**
 * Password policy (NIST 800-63B, OWASP ASVS 5.0 §6.2): length, not composition; refuse the most common
 * passwords. Never trims or truncates: the password is checked (and later hashed) exactly as typed.
 */
import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN = 8;
/** Well above the 128 the spec asks for; the cap only keeps hashing cheap to refuse. */
export const PASSWORD_MAX = 1024;

export type PasswordWeakness = 'too-short' | 'too-long' | 'common';

export type PasswordCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: PasswordWeakness; readonly message: string };

/** Identity answers `422 weak-password` with `message` when this is not ok. Length counts code points. */
export function checkPassword(password: string): PasswordCheck {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return weak('too-short', `must be at least ${PASSWORD_MIN} characters`);
  if (length > PASSWORD_MAX) return weak('too-long', `must be at most ${PASSWORD_MAX} characters`);
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1*$/su.test(lower)) {
    return weak('common', 'is one of the most common passwords; choose another');
  }
  return { ok: true };
}

function weak(reason: PasswordWeakness, message: string): PasswordCheck {
  return { ok: false, reason, message };
}
