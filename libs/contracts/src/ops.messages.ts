/**
 * The operator's operations over the bus (`npm run ops`, or automation): subjects under `ops.`, answered only
 * for a `system` actor (the gateway forwards staff and client principals, never a system one, and has no route
 * to them). In production, NATS permissions give `<prefix>.ops.>` to the operators' user alone.
 */
import { z } from 'zod';
import { type Output } from './api/text.schema';
import { RequestSubject, type ServiceName } from './bus.subjects';

/** Asked of every service for its own consumers and dead letters: `ops.<service>.<operation>`. */
export const OPS_PER_SERVICE = [
  'lag',
  'dead-letters.list',
  'dead-letters.show',
  'dead-letters.redrive',
  'dead-letters.drop',
] as const;
export type OpsPerService = (typeof OPS_PER_SERVICE)[number];
export const opsSubject = (service: ServiceName, operation: OpsPerService): string =>
  `ops.${service}.${operation}`;

/** Operations one service answers. */
export const OpsSubject = {
  /** client-registry: a client's stream, oldest first. */
  clientStream: 'ops.client-registry.stream',
  /** client-registry: how many events the store holds (a replay's total). */
  storeSize: 'ops.client-registry.store-size',
  /** invitation: the expiry sweep, now. */
  sweep: 'ops.invitation.sweep',
} as const;

/**
 * The read models a replay can rebuild, each by the subjects of its own rebuild (started at once, then
 * followed by its status, both in the client index's shape). A new read model is one entry here; `dryRun`:
 * whether its rebuild takes `{ dryRun: true }` (compares, swaps nothing), else the CLI refuses `--dry-run`.
 */
export const READ_MODELS = {
  'client-index': {
    service: 'projector',
    rebuild: RequestSubject.rebuildClientIndex,
    status: RequestSubject.clientIndexRebuildStatus,
    dryRun: true,
  },
  'project-memberships': {
    service: 'projects',
    rebuild: RequestSubject.rebuildProjects,
    status: RequestSubject.projectsRebuildStatus,
    dryRun: false,
  },
} as const satisfies Record<
  string,
  { service: ServiceName; rebuild: string; status: string; dryRun: boolean }
>;
export type ReadModelName = keyof typeof READ_MODELS;

/** Subjects the embedded process's ops port forwards (and nothing else). */
export function isOpsSubject(subject: string): boolean {
  return (
    subject.startsWith('ops.') ||
    Object.values(READ_MODELS).some((model) => model.rebuild === subject || model.status === subject)
  );
}

// ---- lag --------------------------------------------------------------------------------------------------

export const ConsumerLagSchema = z.object({
  consumer: z.string(),
  /** Stored for the consumer, not yet delivered. */
  pending: z.int(),
  /** Delivered, not yet acknowledged: in hand in some instance. */
  inFlight: z.int(),
  /** When the oldest message it has not finished was stored (null: none). */
  oldestUnprocessedAt: z.string().nullable(),
});
export const PublisherLagSchema = z.object({
  /** Events in the store not yet published on the bus. */
  behind: z.int(),
  /** When the oldest of them was recorded (null: none). */
  oldestUnpublishedAt: z.string().nullable(),
});
export const ServiceLagSchema = z.object({
  service: z.string(),
  consumers: z.array(ConsumerLagSchema),
  /** Only the service that publishes the event store's events has one. */
  publisher: PublisherLagSchema.nullable(),
});

// ---- dead letters -----------------------------------------------------------------------------------------

export const DeadLetterStateSchema = z.enum(['dead', 'redriven', 'dropped']);
export const DeadLetterActionSchema = z.object({
  action: z.enum(['recorded', 'redrive', 'drop']),
  outcome: z.enum(['ok', 'failed']),
  by: z.string(),
  at: z.string(),
  detail: z.string().nullable(),
});
export const DeadLetterSchema = z.object({
  id: z.string(),
  service: z.string(),
  consumer: z.string(),
  subject: z.string(),
  messageId: z.string(),
  key: z.string().nullable(),
  sequence: z.int().nullable(),
  deliveries: z.int(),
  error: z.string(),
  deadAt: z.string(),
  state: DeadLetterStateSchema,
});
/** One dead letter in full: its message (secrets such as links masked) and what was done with it. */
export const DeadLetterDetailSchema = DeadLetterSchema.extend({
  data: z.unknown(),
  headers: z.record(z.string(), z.string()),
  actions: z.array(DeadLetterActionSchema),
});
export const DeadLetterListBodySchema = z.object({
  /** Also those already redriven or dropped. */
  all: z.boolean().optional(),
});
export const DeadLetterRefBodySchema = z.object({ id: z.string() });
export const DeadLetterRedriveBodySchema = z.object({
  /** One letter, or every one still dead when absent. */
  id: z.string().optional(),
});
export const DeadLetterRedriveResultSchema = z.object({
  redriven: z.array(z.string()),
  failed: z.array(z.object({ id: z.string(), error: z.string() })),
});

// ---- a client's stream ------------------------------------------------------------------------------------

export const ClientStreamBodySchema = z.union([
  z.object({ clientId: z.string() }),
  z.object({ email: z.string(), studioSlug: z.string() }),
]);
export const StreamEventSchema = z.object({
  version: z.int(),
  type: z.string(),
  recordedAt: z.string(),
  position: z.string(),
  /** `kind:id` of who caused it. */
  actor: z.string().nullable(),
  correlationId: z.string().nullable(),
  /** The event's own fields; events never carry a token or a hash. */
  data: z.unknown(),
});
export const ClientStreamSchema = z.object({
  clientId: z.string(),
  studioId: z.string().nullable(),
  events: z.array(StreamEventSchema),
});
export const StoreSizeSchema = z.object({ events: z.int() });

export const SweepResultSchema = z.object({ expired: z.int() });

export type ConsumerLag = Output<typeof ConsumerLagSchema>;
export type PublisherLag = Output<typeof PublisherLagSchema>;
export type ServiceLag = Output<typeof ServiceLagSchema>;

/** What `ops lag --json` prints: every service's answer, gathered. */
export interface LagReport {
  readonly at: string;
  readonly services: ServiceLag[];
  /** Services that did not answer. */
  readonly unreachable: string[];
  /** The oldest unprocessed (or unpublished) message of all, in milliseconds; null when all is done. */
  readonly oldestAgeMs: number | null;
}
export type DeadLetterState = Output<typeof DeadLetterStateSchema>;
export type DeadLetterAction = Output<typeof DeadLetterActionSchema>;
export type DeadLetterDto = Output<typeof DeadLetterSchema>;
export type DeadLetterDetail = Output<typeof DeadLetterDetailSchema>;
export type DeadLetterListBody = Output<typeof DeadLetterListBodySchema>;
export type DeadLetterRefBody = Output<typeof DeadLetterRefBodySchema>;
export type DeadLetterRedriveBody = Output<typeof DeadLetterRedriveBodySchema>;
export type DeadLetterRedriveResult = Output<typeof DeadLetterRedriveResultSchema>;
export type ClientStreamBody = Output<typeof ClientStreamBodySchema>;
export type StreamEvent = Output<typeof StreamEventSchema>;
export type ClientStream = Output<typeof ClientStreamSchema>;
export type StoreSize = Output<typeof StoreSizeSchema>;
export type SweepResult = Output<typeof SweepResultSchema>;
