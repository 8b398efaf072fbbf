import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type Envelope, Problem, RequestSubject, type TokenBody } from '@studio/contracts';
import { CLOCK, type Clock } from '@studio/service-kit';
import { text } from '../shared/body-text';
import { OwnerVerification } from './owner-verification.service';

type Empty = Record<string, never>;

@Controller()
export class EmailVerificationsController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OwnerVerification) private readonly verification: OwnerVerification,
  ) {}

  /** Verifies the studio owner's address; again for a link already used (it stays verified). */
  @MessagePattern(RequestSubject.verifyEmail)
  async complete(@Payload() message: Envelope<TokenBody>): Promise<Empty> {
    const found = await this.verification.complete(text(message.body.token), this.clock.now());
    if (!found) throw Problem.of('not-found', 'This email verification link is not valid.');
    return {};
  }
}
