import { JsonLogger, readSettings, SettingsError } from '@studio/service-kit';
import { startEmbedded } from './embedded.system';

/** `npm start`: the whole system embedded. Ctrl-C stops it cleanly; the next start finds everything in DATA_DIR. */
async function main(): Promise<void> {
  const log = new JsonLogger('embedded');
  try {
    const settings = readSettings();
    const started = Date.now();
    const embedded = await startEmbedded(settings);
    log.log(
      `ready in ${Date.now() - started} ms: http://localhost:${settings.port} (data in ${settings.dataDir})`,
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
    // A bad setting is for a person to read: plain lines, not a JSON string of them.
    if (error instanceof SettingsError) process.stderr.write(`${error.message}\n`);
    else
      log.error(
        `failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    process.exit(1);
  }
}

void main();
