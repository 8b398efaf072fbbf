import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { OutboxRelay } from '@studio/messaging';
import type { DurableBus } from '@studio/messaging';
import type { SqlDatabase } from '@studio/sql';
import { DATABASE, DURABLE_BUS } from './service-definition';

/**
 * Runs the service's transactional-outbox relay for the service's lifetime: durable messages written with a
 * state change are published after it commits. Provide it in a service module that writes to its outbox.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(@Inject(DATABASE) db: SqlDatabase, @Inject(DURABLE_BUS) bus: DurableBus) {
    this.relay = new OutboxRelay(db, bus);
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** After a commit that enqueued a message: publish it now, not at the next poll. */
  nudge(): void {
    this.relay.nudge();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.relay.stop();
  }
}
