import type { SettingsReader } from '@studio/service-kit';

export interface IdentitySettings {
  /** PUBLIC_URL: links are `<publicUrl>/password-resets/<token>`, `<publicUrl>/email-verifications/<token>`. */
  readonly publicUrl: string;
  /** PASSWORD_RESET_TTL: how long a reset link works. */
  readonly passwordResetTtlMs: number;
  /** SESSION_ABSOLUTE_LIFETIME: a session ends this long after sign-in, however often it is used. */
  readonly sessionAbsoluteLifetimeMs: number;
}

export const readIdentitySettings = (read: SettingsReader): IdentitySettings => ({
  publicUrl: read.publicUrl(),
  passwordResetTtlMs: read.duration('PASSWORD_RESET_TTL', '1h'),
  sessionAbsoluteLifetimeMs: read.duration('SESSION_ABSOLUTE_LIFETIME', '30d'),
});
