import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The correlation id of the work in hand, carried across the bus so every log line of one request shares it. */
const storage = new AsyncLocalStorage<string>();

export const currentCorrelationId = (): string | undefined => storage.getStore();

export const withCorrelationId = <T>(correlationId: string | undefined, work: () => T): T =>
  storage.run(correlationId ?? randomUUID(), work);
