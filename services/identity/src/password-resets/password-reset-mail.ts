import type { MailRequest, StudioDto } from '@studio/contracts';
import type { Account } from '../accounts/account';

/** The email with the reset link; its key (also the outbox msgId) is the reset's id, so it is sent once. */
export function passwordResetMail(
  resetId: string,
  account: Account,
  studio: StudioDto,
  link: string,
  expiresAt: Date,
): MailRequest {
  return {
    template: 'password-reset',
    key: `password-reset:${resetId}`,
    to: account.email,
    studio,
    firstName: account.firstName,
    link,
    expiresAt: expiresAt.toISOString(),
  };
}

/** "Your password was changed", one per used reset. */
export function passwordChangedMail(
  resetId: string,
  account: Account,
  studio: StudioDto,
  at: Date,
): MailRequest {
  return {
    template: 'password-changed',
    key: `password-changed:${resetId}`,
    to: account.email,
    studio,
    firstName: account.firstName,
    at: at.toISOString(),
  };
}
