import { type IdentitySettings } from '../identity.settings';
import { type SqlDatabase } from '@studio/sql';
import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  checkPassword,
  DurableSubject,
  type Envelope,
  normalizeEmail,
  type PasswordBody,
  type PasswordResetRequestBody,
  RequestSubject,
  Problem,
} from '@studio/contracts';
import { enqueue } from '@studio/messaging';
import {
  OutboxService,
  CLOCK,
  type Clock,
  DATABASE,
  LINK_SEALER,
  type LinkSealer,
  SETTINGS,
} from '@studio/service-kit';
import { AccountsRepository } from '../accounts/accounts.repository';
import { SessionsRepository } from '../sessions/sessions.repository';
import { hashPassword } from '../shared/password-hasher';
import { hashSecretToken, newSecretToken } from '../shared/secret-token';
import { text } from '../shared/body-text';
import { passwordChangedMail, passwordResetMail } from './password-reset-mail';
import { mayMailReset } from './password-reset-limit';
import { PasswordResetsRepository } from './password-resets.repository';

type Empty = Record<string, never>;

@Controller()
export class PasswordResetsController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(SETTINGS) private readonly settings: IdentitySettings,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(PasswordResetsRepository) private readonly resets: PasswordResetsRepository,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(LINK_SEALER) private readonly sealer: LinkSealer,
  ) {}

  /**
   * Always `{}`. Known or not, the request mints and hashes a token, makes the same lookup and runs one
   * transaction with the same queries (for an unknown email it retires nothing and inserts nothing); the email
   * itself leaves later through the outbox, so nothing slow is awaited for a real account only. Over the
   * account's limit (`RESET_LIMIT`) nothing changes: no email, and the link already sent keeps working.
   */
  @MessagePattern(RequestSubject.requestPasswordReset)
  async request(@Payload() message: Envelope<PasswordResetRequestBody>): Promise<Empty> {
    const now = this.clock.now();
    const slug = text(message.body.slug).toLowerCase();
    const email = normalizeEmail(text(message.body.email));
    const token = newSecretToken();
    const reset = {
      id: randomUUID(),
      tokenHash: hashSecretToken(token),
      expiresAt: new Date(now.getTime() + this.settings.passwordResetTtlMs),
    };
    const found = await this.accounts.findForSignIn(slug, email);
    const target = found?.account.active ? found : null;
    const mailed = await this.db.transaction(async (tx) => {
      const [studioId, accountId] = [target?.account.studioId ?? '', target?.account.id ?? ''];
      const recent = await this.resets.recent(tx, studioId, accountId, now);
      if (!mayMailReset(recent)) return false;
      await this.resets.supersedeOpen(tx, studioId, accountId, now);
      if (!target) return false;
      const { account, studio } = target;
      await this.resets.insert(tx, { ...reset, studioId: account.studioId, accountId: account.id }, now);
      const link = this.sealer.seal(`${this.settings.publicUrl}/password-resets/${token}`);
      const mail = passwordResetMail(reset.id, account, studio, link, reset.expiresAt);
      await enqueue(tx, DurableSubject.mailRequests, mail, mail.key);
      return true;
    });
    if (mailed) this.outbox.nudge();
    return {};
  }

  /** Sets the new password, uses the reset up and ends every session of the account. */
  @MessagePattern(RequestSubject.completePasswordReset)
  async complete(@Payload() message: Envelope<PasswordBody>): Promise<Empty> {
    const now = this.clock.now();
    const reset = await this.resets.findByTokenHash(hashSecretToken(text(message.body.token)));
    if (!reset) throw Problem.of('reset-not-found', 'This password reset link is not valid.');
    if (reset.usedAt) throw resetUsed();
    if (reset.supersededAt) throw Problem.of('reset-expired', 'A newer password reset link was sent.');
    if (reset.expiresAt.getTime() <= now.getTime())
      throw Problem.of('reset-expired', 'This password reset link has expired.');
    const password = text(message.body.password);
    const strength = checkPassword(password);
    if (!strength.ok) throw Problem.of('weak-password', `The password ${strength.message}.`);

    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      if (!(await this.resets.claim(tx, reset.id, now))) throw resetUsed();
      const target = await this.accounts.setPassword(tx, reset.studioId, reset.accountId, passwordHash);
      // The account was disabled since the link was sent; throwing rolls the claim back.
      if (!target) throw Problem.of('reset-expired', 'This password reset link is no longer valid.');
      await this.sessions.endAll(tx, reset.studioId, reset.accountId);
      const mail = passwordChangedMail(reset.id, target.account, target.studio, now);
      await enqueue(tx, DurableSubject.mailRequests, mail, mail.key);
    });
    this.outbox.nudge();
    return {};
  }
}

const resetUsed = (): Problem => Problem.of('reset-used', 'This password reset link was already used.');
