import { Controller, Inject, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  DEFAULT_CHECKOUT_SUBJECT,
  ERROR_STATUS,
  PackagePurchaseSchema,
  type PackagePurchase,
  problemOf,
  RequestSubject,
} from '@studio/contracts';
import {
  Durable,
  type DurableMessage,
  errorMessage,
  type Requester,
  UnprocessableMessage,
} from '@studio/messaging';
import { REQUESTER } from '@studio/service-kit';
import { PurchaseRecorder } from './purchase-recorder';

/**
 * The checkout's channel into the system (API.md "Checkout"): a durable consumer of CHECKOUT_SUBJECT (the
 * pattern below is its default; the service definition routes it to the setting), the subject the checkout
 * publishes on and the gateway's webhook too, so both run this one handler. A purchase that cannot be recorded
 * as it is (invalid, an unknown studio) goes to the dead letters at once; one that meets a service or the
 * database down is retried until they answer, so none is lost.
 */
@Controller()
export class CheckoutConsumer {
  private readonly log = new Logger(CheckoutConsumer.name);

  constructor(
    @Inject(REQUESTER) private readonly requester: Requester,
    @Inject(PurchaseRecorder) private readonly purchases: PurchaseRecorder,
  ) {}

  @Durable(DEFAULT_CHECKOUT_SUBJECT, { external: true })
  async onPurchase(@Payload() message: DurableMessage): Promise<void> {
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
