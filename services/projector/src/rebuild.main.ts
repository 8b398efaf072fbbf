/**
 * `npm run projector:rebuild [-- --page-size=N]`: rebuilds the projector's client index from the first event,
 * while the system runs. Asks a projector over NATS (NATS_URL, BUS_PREFIX) to start, then follows the rebuild
 * until it ends. Exit code 0 when it succeeded, 1 when it failed, 2 when it could not be asked.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Actor,
  type ClientIndexRebuildStatus,
  type RebuildClientIndexBody,
  RequestSubject,
  Problem,
} from '@studio/contracts';
import { NatsRequester } from '@studio/messaging';
import { readSettings, SettingsError } from '@studio/service-kit';

const POLL_MS = 2_000;
/** Status requests that may fail in a row (a projector restarting) before the CLI gives up following. */
const MISSED_POLLS = 10;
const ACTOR: Actor = { kind: 'system', id: 'projector-rebuild-cli' };

async function main(): Promise<number> {
  const settings = readSettings();
  if (settings.natsUrl === undefined) {
    say('NATS_URL is required: the rebuild is asked of a projector over NATS (separate-processes mode).');
    return 2;
  }
  const requester = new NatsRequester(settings.natsUrl, settings.busPrefix);
  try {
    let status = await requester.request<ClientIndexRebuildStatus>(
      RequestSubject.rebuildClientIndex,
      bodyFrom(process.argv.slice(2)),
      { actor: ACTOR },
    );
    say(`rebuild ${status.rebuildId} started at ${status.startedAt}`);
    let missed = 0;
    while (status.state === 'running') {
      await sleep(POLL_MS);
      try {
        status = await requester.request<ClientIndexRebuildStatus>(
          RequestSubject.clientIndexRebuildStatus,
          { rebuildId: status.rebuildId },
          { actor: ACTOR },
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

function bodyFrom(args: readonly string[]): RebuildClientIndexBody {
  const pageSize = args.find((arg) => arg.startsWith('--page-size='))?.slice('--page-size='.length);
  return pageSize === undefined ? {} : { pageSize: Number(pageSize) };
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SettingsError || error instanceof Problem) say(error.message);
    else say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
