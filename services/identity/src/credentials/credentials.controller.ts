import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ActivateCredentialsBody,
  checkPassword,
  collect,
  type Envelope,
  parseEmail,
  parsePersonName,
  RequestSubject,
  type SessionDto,
} from '@studio/contracts';
import { ProblemError } from '@studio/messaging';
import { PORTS, type ServicePorts } from '@studio/service-kit';
import { ACCOUNT_EMAIL_KEY, AccountsRepository } from '../accounts/accounts.repository';
import { PasswordResetsRepository } from '../password-resets/password-resets.repository';
import { SessionsRepository } from '../sessions/sessions.repository';
import { hashPassword } from '../shared/password-hasher';
import { isUniqueViolation, text } from '../shared/sql';
import { StudiosRepository } from '../studios/studios.repository';

@Controller()
export class CredentialsController {
  constructor(
    @Inject(PORTS) private readonly ports: ServicePorts,
    @Inject(StudiosRepository) private readonly studios: StudiosRepository,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(PasswordResetsRepository) private readonly resets: PasswordResetsRepository,
  ) {}

  /**
   * A client accepted an invitation (asked by the invitation service): the client's account, new or
   * re-activated, gets the new password; any older session or reset link of it ends; a first session opens.
   */
  @MessagePattern(RequestSubject.activateCredentials)
  async activate(@Payload() message: Envelope<ActivateCredentialsBody>): Promise<SessionDto> {
    const { body } = message;
    const profile = collect({
      firstName: parsePersonName(text(body.firstName), 'firstName'),
      lastName: parsePersonName(text(body.lastName), 'lastName'),
      email: parseEmail(text(body.email)),
    });
    const studioId = text(body.studioId);
    const clientId = text(body.clientId);
    if (!profile.ok) throw ProblemError.of('validation-failed', 'the client is not valid', profile.errors);
    if (clientId === '') throw ProblemError.of('validation-failed', 'clientId is required');
    const password = text(body.password);
    const strength = checkPassword(password);
    if (!strength.ok) throw ProblemError.of('weak-password', `The password ${strength.message}.`);
    if (!(await this.studios.exists(studioId))) throw ProblemError.of('not-found', 'no such studio');

    const passwordHash = await hashPassword(password);
    const now = this.ports.clock.now();
    try {
      return await this.ports.db.transaction(async (tx) => {
        const saved = await this.accounts.activateClient(
          tx,
          { studioId, id: clientId, ...profile.value, passwordHash },
          now,
        );
        if (!saved) throw ProblemError.of('conflict', 'this id belongs to a staff account');
        await this.sessions.endAll(tx, studioId, clientId);
        await this.resets.supersedeOpen(tx, studioId, clientId, now);
        return this.sessions.open(tx, saved.account, now);
      });
    } catch (error) {
      if (isUniqueViolation(error, ACCOUNT_EMAIL_KEY)) {
        throw ProblemError.of('email-taken', 'another account of the studio has this email');
      }
      throw error;
    }
  }
}
