import { type LagReport, opsSubject, SERVICE_NAMES, type ServiceLag } from '@studio/contracts';
import type { OpsConnection } from '../ops-connection';
import { ageOf, duration, type Output, red, table } from '../output';

/** Every durable consumer of every service with its pending and in-flight counts; the publisher's distance. */
export async function lag(ops: OpsConnection, out: Output): Promise<number> {
  const answers = await Promise.all(
    SERVICE_NAMES.map((service) =>
      ops.request<ServiceLag>(opsSubject(service, 'lag')).then(
        (value) => ({ service, value }),
        () => ({ service, value: undefined }),
      ),
    ),
  );
  const services = answers.flatMap(({ value }) => (value === undefined ? [] : [value]));
  const now = Date.now();
  const ages = services.flatMap((service) => [
    ...service.consumers.map((consumer) => ageOf(consumer.oldestUnprocessedAt, now)),
    ageOf(service.publisher?.oldestUnpublishedAt ?? null, now),
  ]);
  const known = ages.filter((age): age is number => age !== null);
  const report: LagReport = {
    at: new Date(now).toISOString(),
    services,
    unreachable: answers.filter(({ value }) => value === undefined).map(({ service }) => service),
    oldestAgeMs: known.length === 0 ? null : Math.max(...known),
  };
  out.result(report, (value) => [
    ...table(
      ['consumer', 'pending', 'in flight', 'oldest unprocessed'],
      value.services.flatMap((service) =>
        service.consumers.map((consumer) => [
          consumer.consumer,
          String(consumer.pending),
          String(consumer.inFlight),
          duration(ageOf(consumer.oldestUnprocessedAt, now)),
        ]),
      ),
    ),
    ...value.services.flatMap((service) =>
      service.publisher === null
        ? []
        : [
            `publisher (${service.service}): ${service.publisher.behind} events behind the head of the store, ` +
              `oldest unpublished ${duration(ageOf(service.publisher.oldestUnpublishedAt, now))}`,
          ],
    ),
    `oldest unprocessed event: ${duration(value.oldestAgeMs)}`,
    ...(value.unreachable.length === 0
      ? []
      : [red(`no answer from ${value.unreachable.join(', ')}`, out.tty)]),
  ]);
  return report.unreachable.length === 0 ? 0 : 1;
}
