import { type IdentitySettings } from '../identity.settings';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DurableSubject, type MailRequest, type StudioDto, type StudioVerified } from '@studio/contracts';
import { enqueue } from '@studio/messaging';
import { DATABASE, LINK_SEALER, type LinkSealer, OutboxService, SETTINGS } from '@studio/service-kit';
import type { SqlDatabase, SqlExecutor } from '@studio/sql';
import { hashSecretToken, newSecretToken } from '../shared/secret-token';
import { EmailVerificationsRepository } from './email-verifications.repository';

export interface Owner {
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
}

/**
 * The owner's address, verified through an emailed link. Until then notification holds the studio to the
 * lower daily email quota (sign-up must not make a spam relay); nothing else waits for it. The link does not
 * expire, as there is no way to ask for another, and using it again changes nothing and is answered the same.
 */
@Injectable()
export class OwnerVerification {
  constructor(
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(SETTINGS) private readonly settings: IdentitySettings,
    @Inject(EmailVerificationsRepository) private readonly verifications: EmailVerificationsRepository,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(LINK_SEALER) private readonly sealer: LinkSealer,
  ) {}

  /** In the sign-up's transaction: the verification and its email (call `outbox.nudge()` after the commit). */
  async start(tx: SqlExecutor, studio: StudioDto, owner: Owner, now: Date): Promise<void> {
    const token = newSecretToken();
    const id = randomUUID();
    await this.verifications.insert(
      tx,
      { id, tokenHash: hashSecretToken(token), studioId: studio.id, accountId: owner.id },
      now,
    );
    const mail: MailRequest = {
      template: 'email-verification',
      key: `email-verification:${id}`,
      to: owner.email,
      studio,
      firstName: owner.firstName,
      link: this.sealer.seal(`${this.settings.publicUrl}/email-verifications/${token}`),
    };
    await enqueue(tx, DurableSubject.mailRequests, mail, mail.key);
  }

  /** @returns false for a token that names no verification. */
  async complete(token: string, now: Date): Promise<boolean> {
    const verification = await this.verifications.findByTokenHash(hashSecretToken(token));
    if (!verification) return false;
    if (verification.verified) return true;
    const verified: StudioVerified = { studioId: verification.studioId, at: now.toISOString() };
    const first = await this.db.transaction(async (tx) => {
      if (!(await this.verifications.markVerified(tx, verification.id, now))) return false;
      await enqueue(tx, DurableSubject.studioVerified, verified, `studio-verified:${verification.studioId}`);
      return true;
    });
    if (first) this.outbox.nudge();
    return true;
  }
}
