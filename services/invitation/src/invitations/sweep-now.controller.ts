import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type Envelope, OpsSubject, type SweepResult } from '@studio/contracts';
import { operatorOf } from '@studio/service-kit';
import { ExpirySweepService } from './expiry-sweep.service';

/** The operator's `sweep`: the expiry sweep now, rather than at its next interval. */
@Controller()
export class SweepNowController {
  constructor(@Inject(ExpirySweepService) private readonly sweep: ExpirySweepService) {}

  @MessagePattern(OpsSubject.sweep)
  async sweepNow(@Payload() { meta }: Envelope<unknown>): Promise<SweepResult> {
    operatorOf(meta.actor);
    return { expired: await this.sweep.sweepNow() };
  }
}
