/**
 * `npm run ops -- <command>`: the operator's console against a running system, separate processes (over NATS:
 * NATS_URL, BUS_PREFIX) or embedded (over its ops port on loopback, found in DATA_DIR/ops.json). `--help` on
 * every command; `--json` for scripts. Exit codes: 0 done, 1 the operation failed, 2 it could not be asked,
 * 3 a dry run found differences.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { Problem, READ_MODELS } from '@studio/contracts';
import * as deadLetters from './commands/dead-letters.command';
import { lag } from './commands/lag.command';
import { replay } from './commands/replay.command';
import { stream } from './commands/stream.command';
import { sweep } from './commands/sweep.command';
import type { OpsConnection } from './ops-connection';
import { type Output, outputFor } from './output';

/**
 * The connection, and what it stands on (NATS, Nest, the settings), are loaded only when a command runs:
 * `--help` and a mistyped command answer at once, without them.
 */
const connection = () => import('./ops-connection.js');

/** Runs one command against the system, and exits with its code. */
function run<A extends unknown[]>(
  work: (ops: OpsConnection, out: Output, ...args: A) => Promise<number>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const json = program.opts<{ json?: boolean }>().json === true;
    const out = outputFor(json);
    let code: number;
    let loaded: Awaited<ReturnType<typeof connection>> | undefined;
    try {
      loaded = await connection();
      const ops = loaded.connect();
      try {
        code = await work(ops, out, ...args);
      } finally {
        await ops.close();
      }
    } catch (error) {
      code = 2;
      if (error instanceof Problem) {
        code = error.problem.code === 'service-unavailable' ? 2 : 1;
        if (json) process.stdout.write(`${JSON.stringify({ error: error.problem }, null, 2)}\n`);
        else process.stderr.write(`${error.message}\n`);
      } else if (loaded && error instanceof loaded.SettingsError) process.stderr.write(`${error.message}\n`);
      else
        process.stderr.write(
          `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
    }
    process.exit(code);
  };
}

const positiveInt = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a whole number from 1');
  return parsed;
};

const program = new Command('ops')
  .description(
    'Operate a running studio portal: separate processes over NATS (NATS_URL, BUS_PREFIX), or the embedded ' +
      'process through its ops port (DATA_DIR/ops.json).',
  )
  .addOption(new Option('--json', 'print results as JSON, for scripts (no progress, no colours)'))
  .showHelpAfterError();

program
  .command('replay')
  .description('rebuild a read model from the first event beside the live one, and swap it in')
  .argument('<read-model>', `one of: ${Object.keys(READ_MODELS).join(', ')}`)
  .option('--dry-run', 'rebuild a copy and print where it differs from the live one; swap nothing')
  .option('--page-size <events>', 'events read per page (1 to 1000)', positiveInt)
  .action(
    run((ops, out, name: string, options: { dryRun?: boolean; pageSize?: number }) =>
      replay(ops, out, name, {
        dryRun: options.dryRun === true,
        ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
      }),
    ),
  );

program
  .command('stream')
  .description("a client's events, oldest first, with versions, times, actors and correlation ids")
  .argument('<client>', 'the client id, or their email (with --studio)')
  .option('--studio <slug>', "the studio's slug, when the client is given by email")
  .action(
    run((ops, out, who: string, options: { studio?: string }) => stream(ops, out, who, options.studio)),
  );

program
  .command('lag')
  .description(
    "every durable consumer's pending and in-flight messages, the publisher's distance from the head of the " +
      'store, and the oldest unprocessed event',
  )
  .action(run((ops, out) => lag(ops, out)));

const dead = program
  .command('dead-letters')
  .description('messages every consumer gave up on: list, show, redrive to their consumer, or drop');
dead
  .command('list')
  .description('the dead letters of every consumer')
  .option('--all', 'also those already redriven or dropped')
  .action(run((ops, out, options: { all?: boolean }) => deadLetters.list(ops, out, options.all === true)));
dead
  .command('show')
  .description('one dead letter: its message (links and tokens masked), error and what was done with it')
  .argument('<id>')
  .action(run((ops, out, id: string) => deadLetters.show(ops, out, id)));
dead
  .command('redrive')
  .description('hand a dead letter (or, with --all, every one) to its consumer again')
  .argument('[id]')
  .option('--all', 'every dead letter still dead')
  .action(
    run(async (ops, out, id: string | undefined, options: { all?: boolean }) => {
      if ((id === undefined) === (options.all !== true))
        throw Problem.of('validation-failed', 'give a dead letter id, or --all');
      return deadLetters.redrive(ops, out, id);
    }),
  );
dead
  .command('drop')
  .description('give a dead letter up for good (recorded)')
  .argument('<id>')
  .action(run((ops, out, id: string) => deadLetters.drop(ops, out, id)));

program
  .command('sweep')
  .description('run the invitation expiry sweep now')
  .action(run((ops, out) => sweep(ops, out)));

void program.parseAsync(process.argv);
