import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { OutboxRelay } from '@studio/messaging';
import { PORTS, type ServicePorts } from '@studio/service-kit';

/** Runs the outbox relay for the service's lifetime: mail requests written with a state change get published. */
@Injectable()
export class IdentityOutbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(@Inject(PORTS) ports: ServicePorts) {
    this.relay = new OutboxRelay(ports.db, ports.bus);
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  /** Call after a commit that enqueued a message, to publish it now. */
  nudge(): void {
    this.relay.nudge();
  }
}
