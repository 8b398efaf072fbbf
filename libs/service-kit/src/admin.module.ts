import { Controller, type DynamicModule, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type Actor,
  type DeadLetterDetail,
  type DeadLetterDto,
  type DeadLetterListBody,
  type DeadLetterRedriveBody,
  type DeadLetterRedriveResult,
  type DeadLetterRefBody,
  type Envelope,
  isRecord,
  opsSubject,
  Problem,
  type ServiceLag,
  type ServiceName,
} from '@studio/contracts';
import {
  type DurableBus,
  type DurableEventsServer,
  errorMessage,
  publisherStanding,
  type SqlDeadLetterStore,
} from '@studio/messaging';

/** What the operator's operations of a service work on. */
export interface AdminPorts {
  readonly bus: DurableBus;
  readonly deadLetters: SqlDeadLetterStore;
  readonly events: DurableEventsServer;
}

/**
 * The operator's operations every service answers for itself over the bus (`ops.<service>.…`): how its
 * consumers stand, and its dead letters. Only the system may ask (`operatorOf`).
 */
export function adminModule(service: ServiceName, ports: AdminPorts): DynamicModule {
  const { bus, deadLetters, events } = ports;

  @Controller()
  class AdminController {
    @MessagePattern(opsSubject(service, 'lag'))
    async lag(@Payload() { meta }: Envelope<unknown>): Promise<ServiceLag> {
      operatorOf(meta.actor);
      const [consumers, publisher] = await Promise.all([
        bus.standings(`${service}.`),
        publisherStanding(service),
      ]);
      return { service, consumers, publisher };
    }

    @MessagePattern(opsSubject(service, 'dead-letters.list'))
    list(@Payload() { meta, body }: Envelope<DeadLetterListBody | null>): Promise<DeadLetterDto[]> {
      operatorOf(meta.actor);
      return deadLetters.list(body?.all === true);
    }

    @MessagePattern(opsSubject(service, 'dead-letters.show'))
    async show(@Payload() { meta, body }: Envelope<DeadLetterRefBody>): Promise<DeadLetterDetail> {
      operatorOf(meta.actor);
      const letter = await deadLetters.get(String(body?.id));
      if (letter === undefined) throw Problem.of('not-found', `no dead letter ${body?.id} in ${service}`);
      return { ...letter, data: masked(letter.data) };
    }

    @MessagePattern(opsSubject(service, 'dead-letters.redrive'))
    async redrive(
      @Payload() { meta, body }: Envelope<DeadLetterRedriveBody | null>,
    ): Promise<DeadLetterRedriveResult> {
      const by = operatorOf(meta.actor);
      const ids = body?.id === undefined ? (await deadLetters.list()).map((letter) => letter.id) : [body.id];
      const redriven: string[] = [];
      const failed: { id: string; error: string }[] = [];
      for (const id of ids) {
        const found = await deadLetters.message(id);
        if (found === undefined) {
          if (body?.id !== undefined) throw Problem.of('not-found', `no dead letter ${id} in ${service}`);
          continue;
        }
        try {
          await events.redrive(found.consumer, found.message);
        } catch (error) {
          await deadLetters.redriveFailed(id, by, errorMessage(error));
          failed.push({ id, error: errorMessage(error) });
          continue;
        }
        await deadLetters.settle(id, 'redriven', by);
        redriven.push(id);
      }
      return { redriven, failed };
    }

    @MessagePattern(opsSubject(service, 'dead-letters.drop'))
    async drop(@Payload() { meta, body }: Envelope<DeadLetterRefBody>): Promise<{ dropped: string }> {
      const by = operatorOf(meta.actor);
      const id = String(body?.id);
      if (!(await deadLetters.settle(id, 'dropped', by)))
        throw Problem.of('not-found', `no dead letter ${id} still dead in ${service}`);
      return { dropped: id };
    }
  }

  @Module({ controllers: [AdminController] })
  class AdminModule {}
  return { module: AdminModule };
}

/**
 * Who operates: only a `system` actor. The gateway forwards only signed-in staff and clients, so nothing
 * from the public HTTP port passes; NATS permissions keep `ops.>` to the operators' user.
 */
export function operatorOf(actor: Actor | undefined): string {
  if (actor?.kind !== 'system') throw Problem.of('forbidden', 'operations are for operators only');
  return actor.id;
}

/** Links, tokens and secrets of a message replaced, for showing it to a person. */
export function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      /link|token|password|secret|hash/i.test(key) ? '[masked]' : masked(inner),
    ]),
  );
}
