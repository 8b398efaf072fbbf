import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEventStore, eventStoreOn, type EventStore } from '@studio/event-store';
import {
  type InProcessSystem,
  newLinkKey,
  parseLinkKey,
  type Settings,
  readCommonSettings,
  readServiceSettings,
  SettingsReader,
  sqlStateUrl,
  startInProcess,
} from '@studio/service-kit';
import { createDatabase, PgliteDatabase, type SqlDatabase } from '@studio/sql';
import { ALL_SERVICES } from './all-services';
import { openOpsPort, type OpsPort } from './ops-port';

export interface EmbeddedSystem {
  readonly system: InProcessSystem;
  readonly settings: Settings;
  /** The operators' port (loopback only): `npm run ops` finds it in DATA_DIR/ops.json. */
  readonly ops: OpsPort;
  stop(): Promise<void>;
}

/**
 * The whole system in one process: one PGlite instance on disk under DATA_DIR (the event store in its
 * schema, and one schema per service for their own state), the in-process buses, and emails as `.eml` files
 * in DATA_DIR/outbox.
 * EVENT_STORE_URL, DOCUMENTS_URL (and STATE_URL) and MAIL_URL, when set, are honoured instead.
 */
/** The empty database `npm ci` made (scripts/build-pglite-template.cjs), if it is there: a fresh start skips initdb. */
function pgliteTemplate(): string | undefined {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'pglite-template');
    if (existsSync(path.join(candidate, 'PG_VERSION'))) return candidate;
  }
  return undefined;
}

/**
 * The embedded mode's own MAIL_LINK_KEY, made on first start and kept beside its data (readable by its owner
 * only), so links rest sealed in its outbox table with nothing to set up.
 */
function linkKeyIn(dataDir: string): string {
  const file = path.join(dataDir, 'mail-link.key');
  if (!existsSync(file)) {
    // Written whole or not at all: a crash mid-write must not leave an empty key that turns sealing off.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, `${newLinkKey()}\n`, { mode: 0o600 });
    renameSync(partial, file);
  }
  const key = readFileSync(file, 'utf8').trim();
  if (parseLinkKey(key) === undefined)
    throw new Error(`${file} does not hold a link key (32 bytes, base64): remove it to make a new one`);
  return key;
}

export async function startEmbedded(env: NodeJS.ProcessEnv): Promise<EmbeddedSystem> {
  // Every setting of every service checked before anything opens: all problems in one message.
  const read = new SettingsReader(env);
  const settings = readCommonSettings(read);
  readServiceSettings(ALL_SERVICES, read);
  read.check();
  const dataDir = path.resolve(settings.dataDir);
  mkdirSync(dataDir, { recursive: true });

  // One PGlite instance for everything: each costs its own memory (~300 MB) and start-up.
  // With DOCUMENTS_URL on MongoDB (the read models only), the services' own tables are in STATE_URL, or here.
  const stateUrl = sqlStateUrl(settings);
  const needsLocal = !stateUrl || !settings.eventStoreUrl;
  const local = needsLocal
    ? await PgliteDatabase.open(path.join(dataDir, 'pglite'), { template: pgliteTemplate() })
    : undefined;
  const documents = stateUrl ? undefined : local;
  const opened: SqlDatabase[] = [];
  const databaseFor = async (service: string): Promise<SqlDatabase> => {
    const schema = service.replace(/-/g, '_');
    if (documents) return documents.scoped(schema);
    const db = await createDatabase(stateUrl ?? '', { schema });
    opened.push(db);
    return db;
  };
  let eventStore: EventStore | undefined;
  const openEventStore = async () =>
    (eventStore ??=
      local && !settings.eventStoreUrl
        ? eventStoreOn(local.scoped('event_store'))
        : await createEventStore(settings.eventStoreUrl ?? ''));

  const system = await startInProcess(ALL_SERVICES, {
    // Every service reads its own settings; emails go to DATA_DIR/outbox unless MAIL_URL says otherwise, and
    // only there are their links logged (no inbox shows them).
    env: {
      ...env,
      ...(env.MAIL_URL ? {} : { MAIL_URL: `file://${path.join(dataDir, 'outbox')}`, MAIL_LOG_LINKS: 'true' }),
      MAIL_LINK_KEY: env.MAIL_LINK_KEY || linkKeyIn(dataDir),
    },
    databaseFor,
    openEventStore,
    httpPort: settings.port,
  });
  // OPS_PORT is the process's health and metrics, as in a deployment; the operators' console takes any free
  // loopback port, which it finds in DATA_DIR/ops.json.
  const ops = await openOpsPort(system.hub, { port: 0, dataDir });
  return {
    system,
    settings,
    ops,
    stop: async () => {
      await ops.close();
      await system.stop();
      await Promise.all(opened.map((db) => db.close()));
      await local?.close();
    },
  };
}
