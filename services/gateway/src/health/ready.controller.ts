import { Controller } from '@nestjs/common';
import { API } from '@studio/contracts';
import { Route } from '../http/route.decorator';
import { type SystemReady, SystemReadiness } from './system-readiness';

/** `/health/ready` on the public port (the kit serves liveness; the ops port answers the same readiness). */
@Controller()
export class ReadyController {
  constructor(private readonly readiness: SystemReadiness) {}

  @Route(API.ready)
  ready(): Promise<SystemReady> {
    return this.readiness.check();
  }
}
