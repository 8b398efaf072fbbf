/**
 * The operator's command for rebuilding a read model (`npm run projector:rebuild`, `npm run projects:rebuild`):
 * asks a running service over NATS (NATS_URL, BUS_PREFIX) to start a rebuild, then follows it until it ends.
 * Exit code 0 when it succeeded, 1 when it failed, 2 when it could not be asked.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Actor, type ClientIndexRebuildStatus, Problem } from '@studio/contracts';
import { NatsRequester } from '@studio/messaging';
import { readSettings, SettingsError } from './settings';

const POLL_MS = 2_000;
/** Status requests that may fail in a row (a service restarting) before the command gives up following. */
const MISSED_POLLS = 10;

/** What every rebuild reports (the client index's and the projects read model's differ only in `result`). */
type RebuildStatus = Omit<ClientIndexRebuildStatus, 'result'> & { readonly result: unknown };

export interface RebuildCommand {
  /** The read model, for messages: e.g. "the client index". */
  readonly readModel: string;
  /** Who asks, as the service records it. */
  readonly actor: Actor;
  /** The request subjects that start a rebuild and answer its status. */
  readonly start: string;
  readonly status: string;
}

export function runRebuildCli(
  command: RebuildCommand,
  args: readonly string[] = process.argv.slice(2),
): void {
  follow(command, args).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof SettingsError || error instanceof Problem) say(error.message);
      else say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(2);
    },
  );
}

async function follow(command: RebuildCommand, args: readonly string[]): Promise<number> {
  const settings = readSettings();
  if (settings.natsUrl === undefined) {
    say(
      `NATS_URL is required: the rebuild of ${command.readModel} is asked over NATS (separate-processes mode).`,
    );
    return 2;
  }
  const requester = new NatsRequester(settings.natsUrl, settings.busPrefix);
  const meta = { actor: command.actor };
  try {
    let status = await requester.request<RebuildStatus>(command.start, bodyFrom(args), meta);
    say(`rebuild of ${command.readModel} ${status.rebuildId} started at ${status.startedAt}`);
    let missed = 0;
    while (status.state === 'running') {
      await sleep(POLL_MS);
      try {
        status = await requester.request<RebuildStatus>(
          command.status,
          { rebuildId: status.rebuildId },
          meta,
        );
        missed = 0;
      } catch (error) {
        if (++missed >= MISSED_POLLS) throw error;
        continue;
      }
      if (status.state === 'running')
        say(`${status.phase}: ${status.events} events (${status.eventsPerSecond}/s)`);
    }
    if (status.state === 'succeeded') {
      say(`succeeded: ${JSON.stringify(status.result)}`);
      return 0;
    }
    say(`failed: ${status.error ?? 'unknown error'}`);
    return 1;
  } finally {
    await requester.close();
  }
}

function bodyFrom(args: readonly string[]): { pageSize?: number } {
  const pageSize = args.find((arg) => arg.startsWith('--page-size='))?.slice('--page-size='.length);
  return pageSize === undefined ? {} : { pageSize: Number(pageSize) };
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);
