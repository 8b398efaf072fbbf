import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  ERROR_STATUS,
  PackagePurchaseSchema,
  type PackagePurchase,
  problemOf,
  RequestSubject,
} from '@studio/contracts';
import {
  CORRELATION_HEADER,
  type Consumption,
  type DurableBus,
  type DurableMessage,
  errorMessage,
  measured,
  type Requester,
  SqlDeadLetterStore,
  UnprocessableMessage,
  withCorrelationId,
} from '@studio/messaging';
import { DATABASE, DURABLE_BUS, REQUESTER, SETTINGS } from '@studio/service-kit';
import type { SqlDatabase } from '@studio/sql';
import type { ClientRegistrySettings } from '../client-registry.settings';
import { PurchaseRecorder } from './purchase-recorder';

/** The durable consumer's name; its dead letters are `dead.client-registry.checkout`. */
export const CHECKOUT_CONSUMER = 'client-registry.checkout';

/**
 * The checkout's channel into the system (API.md "Checkout"): a durable consumer of CHECKOUT_SUBJECT, the
 * subject the checkout publishes on and the gateway's webhook too, so both run this one handler. A purchase
 * that cannot be recorded as it is (invalid, an unknown studio) goes to the dead letters at once; one that
 * meets a service or the database down is retried until they answer, so none is lost.
 */
@Injectable()
export class CheckoutConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(CheckoutConsumer.name);
  private consumption: Consumption | undefined;
  private readonly deadLetters: SqlDeadLetterStore;

  constructor(
    @Inject(SETTINGS) private readonly settings: ClientRegistrySettings,
    @Inject(DURABLE_BUS) private readonly bus: DurableBus,
    @Inject(REQUESTER) private readonly requester: Requester,
    @Inject(PurchaseRecorder) private readonly purchases: PurchaseRecorder,
    @Inject(DATABASE) db: SqlDatabase,
  ) {
    this.deadLetters = new SqlDeadLetterStore(db, 'client-registry');
  }

  async onApplicationBootstrap(): Promise<void> {
    const subject = this.settings.checkoutSubject;
    this.consumption = await this.bus.consume(
      CHECKOUT_CONSUMER,
      subject,
      (message) =>
        withCorrelationId(message.headers[CORRELATION_HEADER], () =>
          measured({ service: 'client-registry', kind: 'durable', subject }, () => this.handle(message)),
        ),
      // Kept with the service's other dead letters, where the operator's console lists them.
      { external: true, onDeadLetter: (letter) => this.deadLetters.record(letter) },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumption?.stop();
    this.consumption = undefined;
  }

  private async handle(message: DurableMessage): Promise<void> {
    const purchase = parsePurchase(message.data);
    try {
      await this.requester.request(RequestSubject.getStudio, { studioId: purchase.studioId });
      const { client } = await this.purchases.record(purchase);
      this.log.log(`order ${purchase.orderId} recorded on client ${client.id} (${client.access})`);
    } catch (error) {
      throw unprocessableIfRefused(error, purchase);
    }
  }
}

function parsePurchase(data: unknown): PackagePurchase {
  const parsed = PackagePurchaseSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
  const orderId = (data as { orderId?: unknown } | null)?.orderId;
  const which = typeof orderId === 'string' ? ` ${orderId.slice(0, 100)}` : '';
  throw new UnprocessableMessage(`invalid purchase${which}: ${fields.join('; ')}`);
}

/** A refusal (a 4xx problem: no such studio, an invalid email) can never pass; anything else is retried. */
function unprocessableIfRefused(error: unknown, purchase: PackagePurchase): unknown {
  const problem = problemOf(error);
  if (problem === undefined || problem.code === 'conflict' || ERROR_STATUS[problem.code] >= 500) return error;
  const reason = problem.code === 'not-found' ? `no studio ${purchase.studioId}` : errorMessage(error);
  return new UnprocessableMessage(`order ${purchase.orderId}: ${reason}`, { cause: error });
}
