import type { Envelope, Reply } from '@studio/contracts';
import { problemOf } from '@studio/contracts';
import type { MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { measured } from './bus.metrics';
import { withCorrelationId } from './correlation';

/** Runs a Nest handler (with its pipes, guards and filters) and settles to its last value. */
export async function callHandler(
  handler: MessageHandler,
  data: unknown,
  context: unknown,
): Promise<unknown> {
  const result: unknown = await handler(data, context);
  return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
}

/**
 * Turns a request handler's outcome into a `Reply`: its value, or the problem it refused with. Anything else
 * is an internal error, logged where it happened (by Nest) and answered without details.
 */
export async function replyFrom(
  handler: MessageHandler,
  message: Envelope<unknown>,
  context: unknown,
  labels: { service: string; subject: string },
): Promise<Reply<unknown>> {
  return withCorrelationId(message?.meta?.correlationId, () =>
    measured(
      { ...labels, kind: 'request' },
      async (): Promise<Reply<unknown>> => {
        try {
          return { ok: true, value: await callHandler(handler, message, context) };
        } catch (error) {
          const refusal = problemOf(error);
          if (refusal) return { ok: false, problem: refusal };
          return {
            ok: false,
            problem: { code: 'internal', detail: 'the service failed to handle the request' },
          };
        }
      },
      (reply) => (reply.ok ? 'ok' : 'refused'),
    ),
  );
}
