import { SetMetadata } from '@nestjs/common';

export const SKIP_IDEMPOTENCY = 'gateway:skip-idempotency';

/**
 * For POSTs that open a session (create a studio, sign in, accept an invitation): their answer carries a
 * session token, which the gateway never stores, so `Idempotency-Key` is ignored there. Repeating them is
 * harmless or refused by the services (`slug-taken`, `invitation-used`).
 */
export const SkipIdempotency = () => SetMetadata(SKIP_IDEMPOTENCY, true);
