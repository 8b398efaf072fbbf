import { setTimeout as sleep } from 'node:timers/promises';
import { SingleBar } from 'cli-progress';
import {
  type ClientIndexDifference,
  type ClientIndexRebuildStatus,
  type ProjectsRebuildStatus,
  OpsSubject,
  Problem,
  READ_MODELS,
  type ReadModelName,
  type StoreSize,
} from '@studio/contracts';
import type { OpsConnection } from '../ops-connection';
import { bold, duration, green, type Output, red, table, yellow } from '../output';

/** Every read model's rebuild answers in the client index's shape. */
/** Every read model's rebuild answers in the client index's shape; the count of rows is named by model. */
type RebuildStatus = ClientIndexRebuildStatus | ProjectsRebuildStatus;

const POLL_MS = 500;
/** Status requests that may fail in a row (the service restarting) before the CLI stops following. */
const MISSED_POLLS = 20;

export interface ReplayOptions {
  readonly dryRun: boolean;
  readonly pageSize?: number;
}

/**
 * Rebuilds a read model from position 0 beside the live one and swaps it in (or, dry, compares it with the
 * live one), following it with a progress bar. Exit code: 0 done (a dry run: no differences), 1 failed,
 * 3 a dry run found differences.
 */
export async function replay(
  ops: OpsConnection,
  out: Output,
  name: string,
  options: ReplayOptions,
): Promise<number> {
  const model = READ_MODELS[name as ReadModelName] as (typeof READ_MODELS)[ReadModelName] | undefined;
  if (model === undefined)
    throw Problem.of(
      'validation-failed',
      `unknown read model ${name}: one of ${Object.keys(READ_MODELS).join(', ')}`,
    );
  // A rebuild that does not know `dryRun` would swap its copy in: never send it one.
  if (options.dryRun && !model.dryRun)
    throw Problem.of('validation-failed', `${name} has no dry run: its rebuild always swaps`);
  const total = await ops
    .request<StoreSize>(OpsSubject.storeSize)
    .then((size) => size.events)
    .catch(() => null);
  let status = await ops.request<RebuildStatus>(model.rebuild, {
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  out.note(`${options.dryRun ? 'dry run' : 'replay'} of ${name}: rebuild ${status.rebuildId} started`);
  const progress = progressFor(out, total);
  try {
    let missed = 0;
    while (status.state === 'running') {
      progress.update(status);
      await sleep(POLL_MS);
      try {
        status = await ops.request<RebuildStatus>(model.status, { rebuildId: status.rebuildId });
        missed = 0;
      } catch (error) {
        if (++missed >= MISSED_POLLS) throw error;
      }
    }
    progress.update(status);
  } finally {
    progress.stop();
  }
  out.result(status, (done) => summary(name, done, out.tty));
  if (status.state !== 'succeeded') return 1;
  return (status.result?.differences?.count ?? 0) > 0 ? 3 : 0;
}

interface Progress {
  update(status: RebuildStatus): void;
  stop(): void;
}

/** A bar on a terminal; a line every few seconds otherwise; nothing with --json. */
function progressFor(out: Output, total: number | null): Progress {
  const eta = (status: RebuildStatus, of: number) =>
    status.eventsPerSecond > 0 ? ((of - status.events) * 1_000) / status.eventsPerSecond : null;
  if (out.json) return { update: () => undefined, stop: () => undefined };
  if (out.tty && process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format: '{phase} [{bar}] {value}/{total} events | {rate}/s | ETA {left}',
      hideCursor: true,
    });
    bar.start(total ?? 0, 0, { phase: 'building', rate: 0, left: '-' });
    return {
      update: (status) => {
        const of = Math.max(total ?? 0, status.events);
        bar.setTotal(of);
        bar.update(status.events, {
          phase: status.phase.padEnd(11),
          rate: status.eventsPerSecond,
          left: duration(eta(status, of)),
        });
      },
      stop: () => bar.stop(),
    };
  }
  let said = 0;
  return {
    update: (status) => {
      if (Date.now() - said < 2_000 && status.state === 'running') return;
      said = Date.now();
      const of = Math.max(total ?? 0, status.events);
      out.note(
        `${status.phase}: ${status.events}/${of} events, ${status.eventsPerSecond}/s, ETA ${duration(eta(status, of))}`,
      );
    },
    stop: () => undefined,
  };
}

function summary(name: string, status: RebuildStatus, tty: boolean): string[] {
  if (status.state !== 'succeeded')
    return [red(`${name}: rebuild ${status.rebuildId} failed: ${status.error ?? 'unknown error'}`, tty)];
  const result = status.result;
  if (result === null) return [`${name}: done`];
  const lines = [
    green(`${name}: rebuilt from ${result.events} events in ${duration(result.durationMs)}`, tty) +
      ` (${result.eventsPerSecond} events/s), ${'clients' in result ? `${result.clients} clients` : `${result.projects} projects`}, ${result.caughtUp} caught up after`,
  ];
  const differences = result.differences;
  if (differences === undefined) return [...lines, `swapped in; position ${result.position}`];
  if (differences.count === 0) return [...lines, green('dry run: the rebuilt copy equals the live one', tty)];
  return [
    ...lines,
    yellow(`dry run: ${differences.count} differences (the first ${differences.shown.length}):`, tty),
    ...table(
      [bold('client', tty), 'kind', 'fields', 'live', 'rebuilt'],
      differences.shown.map((d: ClientIndexDifference) => [
        d.clientId ?? '(count)',
        d.kind,
        d.fields.join(','),
        JSON.stringify(d.live),
        JSON.stringify(d.rebuilt),
      ]),
    ),
  ];
}
