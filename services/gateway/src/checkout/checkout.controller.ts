import { Controller, Inject, UseGuards } from '@nestjs/common';
import { API } from '@studio/contracts';
import { CORRELATION_HEADER, currentCorrelationId, type DurableBus } from '@studio/messaging';
import { DURABLE_BUS, SETTINGS } from '@studio/service-kit';
import type { GatewaySettings } from '../gateway.settings';
import { Input, type RequestInput } from '../http/request-input';
import { Route } from '../http/route.decorator';
import { CheckoutSignatureGuard } from './checkout-signature.guard';

/**
 * The checkout's HTTP channel: a signed purchase is put on the checkout's subject, where the registry's one
 * handler takes it as it takes the checkout's own messages. `202` only once the bus holds it (JetStream has
 * stored it; embedded, it has been handled). The order id is the message id, so a repeat is stored once.
 */
@Controller()
@UseGuards(CheckoutSignatureGuard)
export class CheckoutController {
  constructor(
    @Inject(SETTINGS) private readonly settings: GatewaySettings,
    @Inject(DURABLE_BUS) private readonly bus: DurableBus,
  ) {}

  @Route(API.recordPurchase)
  async record(@Input() { body }: RequestInput<typeof API.recordPurchase>): Promise<void> {
    const correlationId = currentCorrelationId();
    await this.bus.publish(this.settings.checkoutSubject, body, {
      msgId: `checkout-${body.orderId}`,
      external: true,
      ...(correlationId === undefined ? {} : { headers: { [CORRELATION_HEADER]: correlationId } }),
    });
  }
}
