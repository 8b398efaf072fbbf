import { type NotificationSettings } from '../notification.settings';
import { type SqlDatabase } from '@studio/sql';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DurableSubject, type MailDelivery, type MailRequest } from '@studio/contracts';
import {
  Durable,
  type DurableMessage,
  enqueue,
  errorMessage,
  RetryLater,
  retryWhileTransient,
  UnprocessableMessage,
} from '@studio/messaging';
import {
  OutboxService,
  CLOCK,
  type Clock,
  DATABASE,
  LINK_SEALER,
  type LinkSealer,
  SETTINGS,
} from '@studio/service-kit';
import { MAILER, type Mailer } from '../mail/mailer.port';
import { MailRenderer } from '../templates/mail.renderer';
import { DeliveriesRepository } from './deliveries.repository';
import { EmailQuotaRepository } from '../quota/email-quota.repository';
import { mailDeliveries } from './mail.metrics';
import { isMailRequest } from './mail-request.guard';

/** The pauses between attempts to send an email the server did not take; the last one repeats. */
const RETRY_PAUSES_MS = [1_000, 5_000, 30_000, 120_000, 300_000];
/** How long a sent email's record is retried while the database is away, before the message fails. */
const SETTLE_PATIENCE_MS = 10 * 60_000;
/** How long one attempt holds its claim; longer than the SMTP timeouts. */
const CLAIM_MS = 60_000;

/**
 * Sends each requested email once: the delivery log, keyed by the request's key, turns a twice-delivered
 * request into one email. A failed send is retried by redelivery; the outcome is published for the profile.
 */
@Controller()
export class MailRequestsConsumer {
  private readonly log = new Logger(MailRequestsConsumer.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(SETTINGS) private readonly settings: NotificationSettings,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(MailRenderer) private readonly renderer: MailRenderer,
    @Inject(DeliveriesRepository) private readonly deliveries: DeliveriesRepository,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(LINK_SEALER) private readonly sealer: LinkSealer,
    @Inject(EmailQuotaRepository) private readonly quota: EmailQuotaRepository,
  ) {}

  // Sending waits on the mail server: many at once, each request on its own lane.
  @Durable(DurableSubject.mailRequests, { concurrency: 64 })
  async onMailRequest(@Payload() message: DurableMessage): Promise<void> {
    if (!isMailRequest(message.data)) {
      this.log.warn(`dropping a message that is not a mail request: ${message.id}`);
      return;
    }
    // Opened here only, in memory, to be sent: it rests sealed everywhere before.
    const request = this.opened(message.data);
    const claim = await this.deliveries.claim(request.key, request.template, this.clock.now(), CLAIM_MS);
    if (claim.kind === 'settled') return;
    if (claim.kind === 'busy') throw new Error(`email ${request.key} is being sent by another delivery`);
    if (!(await this.withinQuota(request, claim.attempts))) return;

    try {
      await this.mailer.send(this.compose(request));
    } catch (error) {
      const reason = describe(error);
      const left = claim.since.getTime() + this.settings.mailRetryWindowMs - this.clock.now().getTime();
      mailDeliveries.inc({ template: request.template, status: left > 0 ? 'retried' : 'failed' });
      if (left <= 0) {
        this.log.error(`email ${request.key} failed for good after ${claim.attempts} attempts: ${reason}`);
        return this.settle(request, 'failed', claim.attempts, reason);
      }
      await this.deliveries.release(request.key, reason, this.clock.now());
      // Held on its lane and tried again after the pause (the last try at the window's end); a restart meanwhile
      // redelivers it, and the window still counts from the first attempt.
      const pause = RETRY_PAUSES_MS[Math.min(claim.attempts, RETRY_PAUSES_MS.length) - 1] ?? 0;
      throw new RetryLater(
        Math.min(pause, left),
        `email ${request.key} not sent (attempt ${claim.attempts}): ${reason}`,
      );
    }
    await this.settleSent(request, claim.attempts);
    mailDeliveries.inc({ template: request.template, status: 'sent' });
    // The embedded mode's convenience: the only place a link is ever printed.
    if (this.mailer.printsLinks && 'link' in request) this.log.log(`email to ${request.to}: ${request.link}`);
  }

  /**
   * Every email a studio causes counts against its daily quota, except the owner's verification (the one that
   * lifts it, sent once per sign-up, which is limited per address). Over quota the email is not sent: its
   * delivery is `failed`, so the designer sees it on the client's profile.
   */
  private async withinQuota(request: MailRequest, attempts: number): Promise<boolean> {
    if (request.template === 'email-verification') return true;
    const { dailyEmails } = this.settings;
    const charge = await this.quota.charge(request.key, request.studio.id, this.clock.now(), dailyEmails);
    if (charge.within) return true;
    mailDeliveries.inc({ template: request.template, status: 'over-quota' });
    const reason = `studio ${request.studio.id} is over its daily email quota (${charge.limit})`;
    this.log.warn(`email ${request.key} not sent: ${reason}`);
    await this.settle(request, 'failed', attempts, reason);
    return false;
  }

  /**
   * A sent email is recorded as sent, never sent again: with the database away (a restart), the record is
   * retried while the message stays in hand, instead of failing the message, whose redelivery would claim it
   * again once the claim ran out and send it twice.
   */
  private settleSent(request: MailRequest, attempts: number): Promise<void> {
    return retryWhileTransient(() => this.settle(request, 'sent', attempts, null), {
      patienceMs: SETTLE_PATIENCE_MS,
      onRetry: (error) =>
        this.log.warn(`email ${request.key} sent; its record waits for the database: ${errorMessage(error)}`),
    });
  }

  /** A link that does not open (another key) can never be sent: dead-lettered at once, still sealed. */
  private opened(request: MailRequest): MailRequest {
    if (!('link' in request)) return request;
    try {
      return { ...request, link: this.sealer.open(request.link) };
    } catch (error) {
      throw new UnprocessableMessage(`email ${request.key}: ${errorMessage(error)}`);
    }
  }

  private compose(request: MailRequest) {
    const rendered = this.renderer.render(request, this.clock.now());
    return {
      key: request.key,
      from: { name: request.studio.name, address: this.settings.mailFrom },
      to: request.to,
      ...rendered,
      headers: { 'X-Studio-Mail-Key': request.key },
    };
  }

  /** Records the outcome and, in the same transaction, the MailDelivery the projector shows on the profile. */
  private async settle(
    request: MailRequest,
    status: 'sent' | 'failed',
    attempts: number,
    error: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    const delivery: MailDelivery = {
      key: request.key,
      template: request.template,
      studioId: request.studio.id,
      clientId: 'clientId' in request ? request.clientId : null,
      invitationId: 'invitationId' in request ? request.invitationId : null,
      status,
      attempts,
      at: now.toISOString(),
    };
    await this.db.transaction(async (tx) => {
      await this.deliveries.settle(tx, request.key, status, now, error);
      await enqueue(tx, DurableSubject.mailDelivery, delivery, `delivery:${request.key}:${status}`);
    });
    this.outbox.nudge();
  }
}

/** An error's message only, short: never the email itself. */
const describe = (error: unknown): string =>
  (typeof error === 'object' && error !== null && 'message' in error
    ? String(error.message)
    : String(error)
  ).slice(0, 500);
