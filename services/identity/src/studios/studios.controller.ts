import { type Requester } from '@studio/messaging';
import { type SqlDatabase } from '@studio/sql';
import { CLOCK, type Clock, DATABASE, OutboxService, REQUESTER } from '@studio/service-kit';
import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  checkPassword,
  type CreateStudioBody,
  type Envelope,
  RequestSubject,
  type ReserveStaffEmailBody,
  type SessionDto,
  type StudioDetailsDto,
  type StudioDto,
  Problem,
} from '@studio/contracts';
import { AccountsRepository } from '../accounts/accounts.repository';
import { OwnerVerification } from '../email-verifications/owner-verification.service';
import { SessionsRepository } from '../sessions/sessions.repository';
import { hashPassword } from '../shared/password-hasher';
import { text } from '../shared/body-text';
import { isUniqueViolation } from '../shared/sql';
import { parseStudioInput } from './studio-input';
import { STUDIO_SLUG_KEY, StudiosRepository } from './studios.repository';

export type GetStudioBody = { readonly studioId: string } | { readonly slug: string };

@Controller()
export class StudiosController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(REQUESTER) private readonly requester: Requester,
    @Inject(StudiosRepository) private readonly studios: StudiosRepository,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(OwnerVerification) private readonly verification: OwnerVerification,
    @Inject(OutboxService) private readonly outbox: OutboxService,
  ) {}

  /** A new studio, its owner (a staff account), the owner's first session and the email to verify their address. */
  @MessagePattern(RequestSubject.createStudio)
  async create(
    @Payload() message: Envelope<CreateStudioBody>,
  ): Promise<{ studio: StudioDto; session: SessionDto }> {
    const input = parseStudioInput(message.body);
    if (!input.ok) throw Problem.of('validation-failed', 'the studio is not valid', input.errors);
    const password = text(message.body.owner?.password);
    const strength = checkPassword(password);
    if (!strength.ok) throw Problem.of('weak-password', `The password ${strength.message}.`);
    // A cheap early answer; the unique constraint below is what decides under concurrent sign-ups.
    if (await this.studios.slugTaken(input.value.slug)) throw slugTaken();

    const { name, slug, owner } = input.value;
    const studio: StudioDto = { id: randomUUID(), name, slug };
    const ownerId = randomUUID();
    const passwordHash = await hashPassword(password);
    // Reserved before the studio exists: if creating it fails, the reservation names a studio that never will.
    await this.requester.request<unknown>(
      RequestSubject.reserveStaffEmail,
      { studioId: studio.id, staffId: ownerId, email: owner.email } satisfies ReserveStaffEmailBody,
      { actor: { kind: 'system', id: 'identity' } },
    );
    const now = this.clock.now();
    try {
      const session = await this.db.transaction(async (tx) => {
        await this.studios.insert(tx, studio, ownerId, now);
        const account = { studioId: studio.id, id: ownerId, ...owner };
        await this.accounts.insertStaff(tx, { ...account, passwordHash }, now);
        await this.verification.start(tx, studio, account, now);
        return this.sessions.open(tx, { ...account, kind: 'staff', active: true }, now);
      });
      this.outbox.nudge();
      return { studio, session };
    } catch (error) {
      if (isUniqueViolation(error, STUDIO_SLUG_KEY)) throw slugTaken();
      throw error;
    }
  }

  @MessagePattern(RequestSubject.getStudio)
  async get(@Payload() message: Envelope<GetStudioBody>): Promise<StudioDetailsDto> {
    const body: Partial<Record<'studioId' | 'slug', unknown>> = message.body;
    const studioId = text(body.studioId);
    const slug = text(body.slug);
    const details =
      studioId !== ''
        ? await this.studios.details({ id: studioId })
        : slug !== ''
          ? await this.studios.details({ slug })
          : null;
    if (!details) throw Problem.of('not-found', 'no such studio');
    return details;
  }
}

const slugTaken = (): Problem => Problem.of('slug-taken', 'This studio address is taken.');
