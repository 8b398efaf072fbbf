import { type BusAccess, type RequestMeta, servedBy, type ServiceName } from '@studio/contracts';
import type { Server } from '@nestjs/microservices';
import { type DurableBus, type Requester, subjectMatches } from '@studio/messaging';

/**
 * Holds a service to its entry in `BUS_ACCESS` (libs/contracts), the list its NATS permissions are generated
 * from: what it answers and consumes must be exactly that, and a request or a publish beyond it fails here, in
 * every mode, as NATS would refuse it in production. So a new subject cannot ship without its permission.
 */
export class BusAccessError extends Error {
  override readonly name = 'BusAccessError';
}

const where = 'libs/contracts/src/bus.access.ts';

/** Throws unless the service's handlers are exactly those its entry lists. */
export function checkHandlers(service: ServiceName, access: BusAccess, server: Server): void {
  const handlers = [...server.getHandlers()];
  compare(
    `${service} answers`,
    handlers.filter(([, handler]) => !handler.isEventHandler).map(([pattern]) => pattern),
    servedBy(service, access),
  );
  compare(
    `${service} consumes`,
    handlers.filter(([, handler]) => handler.isEventHandler).map(([pattern]) => pattern),
    [...access.consumes, ...(access.external?.consumes ?? [])],
  );
}

function compare(what: string, actual: readonly string[], declared: readonly string[]): void {
  const missing = actual.filter((subject) => !declared.includes(subject));
  const unused = declared.filter((subject) => !actual.includes(subject));
  if (missing.length > 0 || unused.length > 0)
    throw new BusAccessError(
      `${what} ${JSON.stringify(missing)} not listed in ${where}, which lists ${JSON.stringify(unused)} it does not`,
    );
}

/** The service's requester, sending only the requests its entry lists. */
export function declaredRequester(service: ServiceName, access: BusAccess, requester: Requester): Requester {
  const allowed = new Set(access.requests);
  return {
    request<V>(subject: string, body: unknown, meta?: Partial<RequestMeta>): Promise<V> {
      return allowed.has(subject)
        ? requester.request<V>(subject, body, meta)
        : Promise.reject(new BusAccessError(`${service} requests ${subject}, not listed in ${where}`));
    },
    close: () => requester.close(),
  };
}

/** The service's durable bus, publishing only on the subjects its entry lists (another system's: any). */
export function declaredBus(service: ServiceName, access: BusAccess, bus: DurableBus): DurableBus {
  const allowed = access.publishes;
  return {
    publish: (subject, data, options) =>
      options.external === true || allowed.some((filter) => subjectMatches(filter, subject))
        ? bus.publish(subject, data, options)
        : Promise.reject(new BusAccessError(`${service} publishes ${subject}, not listed in ${where}`)),
    consume: (...args) => bus.consume(...args),
    standings: (prefix) => bus.standings(prefix),
    close: () => bus.close(),
  };
}
