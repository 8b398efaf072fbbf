import { JsonLogger, reportStartFailure } from '@studio/service-kit';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startEmbedded } from './embedded.system';

/**
 * Start-up leaves tens of MB of garbage (the unpacked database template, migration text) that an idle process
 * would hold for a long time: one full collection once ready gives the memory back, before any request waits on it.
 */
function collectStartUpGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** `npm start`: the whole system embedded. Ctrl-C stops it cleanly; the next start finds everything in DATA_DIR. */
async function main(): Promise<void> {
  const log = new JsonLogger('embedded');
  try {
    const started = Date.now();
    const embedded = await startEmbedded(process.env);
    const { settings } = embedded;
    collectStartUpGarbage();
    log.log(
      `ready in ${Date.now() - started} ms: http://localhost:${settings.port} (data in ${settings.dataDir}; ` +
        `npm run ops reaches it at ${embedded.ops.endpoint.url})`,
    );
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.log(`stopping on ${signal}`);
      embedded.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error(`stopped with an error: ${String(error)}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  } catch (error) {
    reportStartFailure(log, error);
    process.exit(1);
  }
}

void main();
