import { type InvitationSettings } from '../invitation.settings';
import { type SqlDatabase } from '@studio/sql';
import { CLOCK, type Clock, DATABASE, REQUESTER, SETTINGS } from '@studio/service-kit';
import { randomUUID } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type ClientRef, RequestSubject, Problem } from '@studio/contracts';
import { Lease, Pump, type Requester } from '@studio/messaging';
import { InvitationsRepository } from './invitations.repository';

const BATCH = 100;

/**
 * Asks the registry to record the expiry of pending links past their time, so the index and profile show it.
 * The link itself is refused at use from the moment it expires; this only makes the expiry visible.
 * One replica sweeps at a time (lease).
 */
@Injectable()
export class ExpirySweepService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(ExpirySweepService.name);
  private readonly lease: Lease;
  private readonly pump: Pump;
  private readonly intervalMs: number;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(REQUESTER) private readonly requester: Requester,
    @Inject(SETTINGS) private readonly settings: InvitationSettings,
    @Inject(InvitationsRepository) private readonly invitations: InvitationsRepository,
  ) {
    this.intervalMs = settings.invitationSweepIntervalMs;
    // Outlives the pause between rounds, so the holder keeps it; lapses soon after a holder dies.
    this.lease = new Lease(
      db,
      'invitation-expiry-sweep',
      randomUUID(),
      Math.max(15_000, 2 * this.intervalMs),
    );
    this.pump = new Pump(() => this.sweep(), this.intervalMs, 'invitation expiry sweep');
  }

  onApplicationBootstrap(): void {
    this.pump.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.pump.stop();
    await this.lease.release();
  }

  /** One round; true when there may be more due at once. */
  async sweep(): Promise<boolean> {
    return (await this.round()).more;
  }

  /**
   * Rounds until nothing is due (the operator's `sweep`); answers how many expiries were recorded. While
   * another replica holds the sweep's lease, it sweeps and this one records none.
   */
  async sweepNow(): Promise<number> {
    let expired = 0;
    for (;;) {
      const round = await this.round();
      expired += round.expired;
      if (!round.more) return expired;
    }
  }

  private async round(): Promise<{ expired: number; more: boolean }> {
    if (!(await this.lease.acquire())) return { expired: 0, more: false };
    let expired = 0;
    const now = this.clock.now();
    const due = await this.invitations.dueForExpiry(now, 10 * this.intervalMs, BATCH);
    for (const { studioId, clientId, invitationId } of due) {
      try {
        await this.requester.request<unknown>(
          RequestSubject.expireInvitation,
          { studioId, clientId, invitationId } satisfies ClientRef & { invitationId: string },
          { actor: { kind: 'system', id: 'invitation-expiry-sweep' } },
        );
        expired += 1;
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        // The registry is down or slow: the next round tries again.
        if (error.problem.code === 'service-unavailable') return { expired, more: false };
        // A refusal: resent, revoked or accepted meanwhile; its event will settle the row.
        this.log.log(`expiry of invitation ${invitationId} refused: ${error.problem.code}`);
      }
      await this.invitations.markExpiryRequested(invitationId, now);
    }
    return { expired, more: due.length === BATCH };
  }
}
