import { type Requester } from '@studio/messaging';
import { type SqlDatabase } from '@studio/sql';
import { CLOCK, type Clock, DATABASE, REQUESTER } from '@studio/service-kit';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AuthenticatedDto,
  type ClientRecord,
  type ClientRef,
  type Envelope,
  normalizeEmail,
  RequestSubject,
  type SessionDto,
  type SignInBody,
  type TokenBody,
  Problem,
} from '@studio/contracts';
import type { Account } from '../accounts/account';
import { AccountsRepository } from '../accounts/accounts.repository';
import { verifyPassword } from '../shared/password-hasher';
import { text } from '../shared/body-text';
import { retryAfterSeconds } from '../sign-in/sign-in-throttle';
import { SignInThrottleRepository, throttleKeys } from '../sign-in/sign-in-throttle.repository';
import { SessionsRepository } from './sessions.repository';

@Controller()
export class SessionsController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(REQUESTER) private readonly requester: Requester,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(SignInThrottleRepository) private readonly throttle: SignInThrottleRepository,
  ) {}

  /**
   * One answer, `invalid-credentials`, for an unknown email, a wrong password and an account that may not
   * sign in, after the same work (an argon2 verify) in each case; throttling looks only at what was submitted.
   */
  @MessagePattern(RequestSubject.signIn)
  async signIn(@Payload() message: Envelope<SignInBody>): Promise<SessionDto> {
    const now = this.clock.now();
    const slug = text(message.body.slug).toLowerCase();
    const email = normalizeEmail(text(message.body.email));
    const password = text(message.body.password);
    const keys = throttleKeys(slug, email, text(message.body.address));

    const admission = await this.throttle.admit(keys, now);
    if (!admission.admitted) {
      throw new Problem({
        code: 'rate-limited',
        detail: 'too many failed sign-ins; try again later',
        retryAfterSeconds: retryAfterSeconds(admission.waitMs),
      });
    }
    const found = await this.accounts.findForSignIn(slug, email);
    const verified = await verifyPassword(found?.passwordHash ?? null, password);
    if (!found || !verified || !found.account.active || !(await this.stillActive(found.account))) {
      throw Problem.of('invalid-credentials');
    }
    const session = await this.db.transaction((tx) => this.sessions.open(tx, found.account, now));
    await this.throttle.succeeded(keys, now);
    return session;
  }

  /**
   * A client's account learns of a deactivation from the registry's event, a moment after it is written; the
   * registry itself says whether the client is Active now, so a deactivated client cannot sign in at once.
   */
  private async stillActive(account: Account): Promise<boolean> {
    if (account.kind !== 'client') return true;
    const client = await this.requester
      .request<ClientRecord>(RequestSubject.getClientState, {
        studioId: account.studioId,
        clientId: account.id,
      } satisfies ClientRef)
      .catch((error: unknown) => {
        if (error instanceof Problem && error.problem.code === 'client-not-found') return undefined;
        throw error;
      });
    return client?.access === 'Active';
  }

  @MessagePattern(RequestSubject.authenticate)
  async authenticate(@Payload() message: Envelope<TokenBody>): Promise<AuthenticatedDto> {
    const token = text(message.body.token);
    const authenticated = token === '' ? null : await this.sessions.authenticate(token, this.clock.now());
    if (!authenticated) throw Problem.of('unauthenticated');
    return authenticated;
  }

  @MessagePattern(RequestSubject.signOut)
  async signOut(@Payload() message: Envelope<TokenBody>): Promise<Record<string, never>> {
    const token = text(message.body.token);
    if (token !== '') await this.sessions.end(token);
    return {};
  }
}
