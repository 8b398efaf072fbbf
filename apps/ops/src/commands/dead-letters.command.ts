import {
  type DeadLetterDetail,
  type DeadLetterDto,
  type DeadLetterRedriveResult,
  opsSubject,
  Problem,
  problemOf,
  SERVICE_NAMES,
  type ServiceName,
} from '@studio/contracts';
import type { OpsConnection } from '../ops-connection';
import { bold, green, type Output, red, table } from '../output';

/** Asks every service; answers what each said, leaving out those that did not have it (`not-found`). */
async function everyService<V>(
  ops: OpsConnection,
  ask: (service: ServiceName) => Promise<V>,
): Promise<{ service: ServiceName; value: V }[]> {
  const answers = await Promise.all(
    SERVICE_NAMES.map(async (service) => {
      try {
        return [{ service, value: await ask(service) }];
      } catch (error) {
        if (problemOf(error)?.code === 'not-found') return [];
        throw error;
      }
    }),
  );
  return answers.flat();
}

export async function list(ops: OpsConnection, out: Output, all: boolean): Promise<number> {
  const answers = await everyService(ops, (service) =>
    ops.request<DeadLetterDto[]>(opsSubject(service, 'dead-letters.list'), { all }),
  );
  const letters = answers.flatMap(({ value }) => value).sort((a, b) => a.deadAt.localeCompare(b.deadAt));
  out.result(letters, (value) =>
    value.length === 0
      ? ['no dead letters']
      : table(
          [bold('id', out.tty), 'consumer', 'subject', 'deliveries', 'dead at', 'state', 'error'],
          value.map((letter) => [
            letter.id,
            letter.consumer,
            letter.subject,
            String(letter.deliveries),
            letter.deadAt,
            letter.state,
            letter.error.slice(0, 80),
          ]),
        ),
  );
  return 0;
}

export async function show(ops: OpsConnection, out: Output, id: string): Promise<number> {
  const [found] = await everyService(ops, (service) =>
    ops.request<DeadLetterDetail>(opsSubject(service, 'dead-letters.show'), { id }),
  );
  if (found === undefined) throw Problem.of('not-found', `no dead letter ${id}`);
  out.result(found.value, (letter) => [
    `${bold(letter.id, out.tty)}: ${letter.consumer} on ${letter.subject}, message ${letter.messageId}`,
    `state ${letter.state}; dead at ${letter.deadAt} after ${letter.deliveries} deliveries: ${letter.error}`,
    `key ${letter.key ?? '-'}, sequence ${letter.sequence ?? '-'}`,
    `headers ${JSON.stringify(letter.headers)}`,
    `data ${JSON.stringify(letter.data, null, 2)}`,
    'actions:',
    ...letter.actions.map(
      (action) =>
        `  ${action.at} ${action.action} ${action.outcome} by ${action.by}${action.detail ? `: ${action.detail}` : ''}`,
    ),
  ]);
  return 0;
}

/** One letter (`id`), or every one still dead (`id` undefined); exit code 1 if any failed again. */
export async function redrive(ops: OpsConnection, out: Output, id: string | undefined): Promise<number> {
  const answers = await everyService(ops, (service) =>
    ops.request<DeadLetterRedriveResult>(
      opsSubject(service, 'dead-letters.redrive'),
      id === undefined ? {} : { id },
    ),
  );
  if (id !== undefined && answers.length === 0)
    throw Problem.of('not-found', `no dead letter ${id} still dead`);
  const result: DeadLetterRedriveResult = {
    redriven: answers.flatMap(({ value }) => value.redriven),
    failed: answers.flatMap(({ value }) => value.failed),
  };
  out.result(result, (value) => [
    green(`redriven: ${value.redriven.length}`, out.tty) +
      (value.redriven.length ? ` (${value.redriven.join(', ')})` : ''),
    ...value.failed.map((failure) => red(`failed again: ${failure.id}: ${failure.error}`, out.tty)),
  ]);
  return result.failed.length === 0 ? 0 : 1;
}

export async function drop(ops: OpsConnection, out: Output, id: string): Promise<number> {
  const answers = await everyService(ops, (service) =>
    ops.request<{ dropped: string }>(opsSubject(service, 'dead-letters.drop'), { id }),
  );
  if (answers.length === 0) throw Problem.of('not-found', `no dead letter ${id} still dead`);
  out.result({ dropped: id }, () => [`dropped ${id}`]);
  return 0;
}
