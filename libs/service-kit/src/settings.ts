import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseLinkKey } from './link-sealer';
import { isMongoUrl, parseMongoUrl } from './documents/mongo-url';
import { DEFAULT_CHECKOUT_SUBJECT, NATS_SUBJECT, parseDuration } from '@studio/contracts';
import type { NatsEndpoint } from '@studio/messaging';

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads settings from the environment, collecting every problem instead of stopping at the first: the kit
 * reads what every service shares with it, and each service its own (`ServiceDefinition.settings`), so a bad
 * start names everything wrong at once.
 */
export class SettingsReader {
  readonly problems: string[] = [];

  constructor(readonly env: NodeJS.ProcessEnv = process.env) {}

  /** A duration such as 90s, 15m, 72h or 3d, in milliseconds. */
  duration(name: string, fallback: string): number {
    const parsed = parseDuration(this.env[name] ?? fallback);
    if (parsed.ok) return parsed.value;
    this.problems.push(`${name}="${this.env[name]}": expected a duration such as 90s, 15m, 72h or 3d`);
    return 0;
  }

  /** A URL with one of `schemes`, or undefined when unset; a `pglite://` folder's parent must exist. */
  url(name: string, schemes: readonly string[]): string | undefined {
    const value = this.env[name];
    if (value === undefined || value === '') return undefined;
    if (!schemes.some((scheme) => value.startsWith(scheme)))
      this.problems.push(`${name}: expected ${schemes.join(', ')}…`);
    const dir = value.startsWith('pglite://') ? value.slice('pglite://'.length) : '';
    if (dir !== '' && dir !== 'memory' && !existsSync(path.dirname(path.resolve(dir))))
      this.problems.push(`${name}="${value}": the folder ${path.dirname(path.resolve(dir))} does not exist`);
    return value;
  }

  /** A whole number greater than zero. */
  count(name: string, fallback: number, meaning: string): number {
    const value = Number(this.env[name] ?? fallback);
    if (Number.isInteger(value) && value > 0) return value;
    this.problems.push(`${name}="${this.env[name]}": expected ${meaning}`);
    return fallback;
  }

  /** A text matching `pattern`, or `fallback`. */
  text(name: string, fallback: string, pattern: RegExp, meaning: string): string {
    const value = this.env[name] || fallback;
    if (!pattern.test(value)) this.problems.push(`${name}="${value}": expected ${meaning}`);
    return value;
  }

  /** CHECKOUT_SUBJECT: the checkout's subject for package purchases, another system's, so without prefix. */
  checkoutSubject(): string {
    return this.text(
      'CHECKOUT_SUBJECT',
      DEFAULT_CHECKOUT_SUBJECT,
      NATS_SUBJECT,
      'a NATS subject such as a.b.c',
    );
  }

  /** Where links in emails point: `<PUBLIC_URL>/invitations/<token>`; the gateway's own address by default. */
  publicUrl(): string {
    const value = (this.env.PUBLIC_URL ?? `http://localhost:${this.env.PORT ?? '3000'}`).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]+/.test(value))
      this.problems.push(`PUBLIC_URL="${value}": expected http(s)://host[:port]`);
    return value;
  }

  /** Throws every problem found so far, as one error. */
  check(): void {
    if (this.problems.length > 0) throw new SettingsError(this.problems);
  }
}

/** What the kit needs to run any service, and the embedded mode to run them all (API.md's settings). */
export interface Settings {
  /** The gateway's HTTP port (and the base of `PUBLIC_URL`'s default). */
  readonly port: number;
  /** The gateway's interface: all of them by default (`127.0.0.1` keeps it to this machine). */
  readonly host: string;
  /** OPS_PORT: health and metrics, never public; `off` for 0, undefined when unset (see `opsPortOf`). */
  readonly opsPort: number | 'off' | undefined;
  readonly dataDir: string;
  readonly natsUrl: string | undefined;
  readonly eventStoreUrl: string | undefined;
  readonly documentsUrl: string | undefined;
  /**
   * STATE_URL: the services' own tables (outboxes, leases, rebuild journals, deliveries) when DOCUMENTS_URL is
   * MongoDB, which then holds the read models only. Unset otherwise: they live in DOCUMENTS_URL.
   */
  readonly stateUrl: string | undefined;
  /** Prefix of every bus subject and stream, so deployments (and test runs) can share a NATS server. */
  readonly busPrefix: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** MAIL_LINK_KEY: seals emailed links on their way to notification (see LinkSealer); unset, they are not. */
  readonly mailLinkKey: Buffer | undefined;
  /** Who this process is on NATS (NATS_USER/NATS_PASSWORD or NATS_CREDS) and whom it trusts (NATS_TLS_CA). */
  readonly natsAuth: NatsAuth;
}

export type NatsAuth = Pick<NatsEndpoint, 'user' | 'password' | 'credsFile' | 'tlsCa'>;

/** NATS_USER with NATS_PASSWORD, or NATS_CREDS (a credentials file), or neither; NATS_TLS_CA with tls:// only. */
function readNatsAuth(read: SettingsReader, natsUrl: string | undefined): NatsAuth {
  const env = read.env;
  const user = env.NATS_USER || undefined;
  const password = env.NATS_PASSWORD || undefined;
  const credsFile = env.NATS_CREDS || undefined;
  const tlsCa = env.NATS_TLS_CA || undefined;
  if (user !== undefined && !/^[A-Za-z0-9_-]+$/.test(user))
    read.problems.push(`NATS_USER="${user}": expected letters, digits, _ and - only`);
  if ((user === undefined) !== (password === undefined))
    read.problems.push('NATS_USER and NATS_PASSWORD: set both, or neither');
  if (credsFile !== undefined && user !== undefined)
    read.problems.push('NATS_CREDS and NATS_USER: set one of them, not both');
  for (const [name, file] of [
    ['NATS_CREDS', credsFile],
    ['NATS_TLS_CA', tlsCa],
  ] as const)
    if (file !== undefined && !existsSync(file)) read.problems.push(`${name}="${file}": no such file`);
  if (tlsCa !== undefined && !(natsUrl ?? '').split(',').every((url) => url.trim().startsWith('tls://')))
    read.problems.push('NATS_TLS_CA: only with NATS_URL tls://…');
  return {
    ...(user === undefined ? {} : { user, password }),
    ...(credsFile === undefined ? {} : { credsFile }),
    ...(tlsCa === undefined ? {} : { tlsCa }),
  };
}

/** The embedded system's ops port when OPS_PORT is unset (API.md); a separate service takes any free one. */
export const EMBEDDED_OPS_PORT = 9469;

/**
 * Where a process's ops port listens: OPS_PORT's port, nowhere when it is 0, and when unset the mode's default
 * (`preferred`: any free port instead if another process holds it, so two systems on one machine both start),
 * or any free port.
 */
export function opsPortOf(settings: Settings): number | undefined;
export function opsPortOf(settings: Settings, preferred: number): OpsPort | undefined;
export function opsPortOf(settings: Settings, preferred?: number): OpsPort | undefined {
  const { opsPort } = settings;
  if (opsPort === 'off') return undefined;
  if (opsPort !== undefined) return opsPort;
  return preferred === undefined ? 0 : { preferred };
}

/** A port, or one preferred that gives way to any free port when taken. */
export type OpsPort = number | { readonly preferred: number };

export function readCommonSettings(read: SettingsReader): Settings {
  const portText = read.env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    read.problems.push(`PORT="${portText}": expected a TCP port`);
  const opsText = read.env.OPS_PORT || undefined;
  const opsNumber = Number(opsText);
  if (opsText !== undefined && (!Number.isInteger(opsNumber) || opsNumber < 0 || opsNumber > 65535))
    read.problems.push(`OPS_PORT="${opsText}": expected a TCP port (0 turns it off)`);
  const opsPort = opsText === undefined ? undefined : opsNumber === 0 ? 'off' : opsNumber;
  const host = read.text('HOST', '0.0.0.0', /^[\w.:-]+$/, 'an address or host name, e.g. 127.0.0.1');
  const busPrefix = read.text('BUS_PREFIX', 'studio', /^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
  const logLevel = read.text('LOG_LEVEL', 'info', /^(debug|info|warn|error)$/, 'debug, info, warn or error');
  const linkKeyText = read.env.MAIL_LINK_KEY || undefined;
  const mailLinkKey = linkKeyText === undefined ? undefined : parseLinkKey(linkKeyText);
  if (linkKeyText !== undefined && mailLinkKey === undefined)
    read.problems.push(
      'MAIL_LINK_KEY: expected 32 random bytes, base64 or hex (e.g. `openssl rand -base64 32`)',
    );
  const natsUrl = read.url('NATS_URL', ['nats://', 'tls://']);
  const documentsUrl = read.url('DOCUMENTS_URL', [
    'postgres://',
    'postgresql://',
    'pglite://',
    'mongodb://',
    'mongodb+srv://',
  ]);
  const stateUrl = read.url('STATE_URL', ['postgres://', 'postgresql://', 'pglite://']);
  if (documentsUrl !== undefined && isMongoUrl(documentsUrl)) {
    try {
      parseMongoUrl(documentsUrl);
    } catch (error) {
      read.problems.push(`DOCUMENTS_URL: ${(error as Error).message}`);
    }
  } else if (stateUrl !== undefined)
    read.problems.push('STATE_URL: only with a mongodb:// DOCUMENTS_URL (else DOCUMENTS_URL holds it all)');
  return {
    mailLinkKey,
    natsAuth: readNatsAuth(read, natsUrl),
    port,
    host,
    opsPort,
    dataDir: read.env.DATA_DIR ?? '.data',
    natsUrl,
    eventStoreUrl: read.url('EVENT_STORE_URL', [
      'postgres://',
      'postgresql://',
      'pglite://',
      'esdb://',
      'esdb+discover://',
      'kurrentdb://',
      'kurrentdb+discover://',
    ]),
    documentsUrl,
    stateUrl,
    busPrefix,
    logLevel: logLevel as Settings['logLevel'],
  };
}

/**
 * Where a service's own SQL tables are: DOCUMENTS_URL when it is PostgreSQL or PGlite; STATE_URL when
 * DOCUMENTS_URL is MongoDB (which holds the read models only); undefined when neither is set.
 */
export function sqlStateUrl(settings: Settings): string | undefined {
  return isMongoUrl(settings.documentsUrl) ? settings.stateUrl : settings.documentsUrl;
}

/** The shared settings alone, checked: for tools and for a mode that reads the services' own later. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const read = new SettingsReader(env);
  const settings = readCommonSettings(read);
  read.check();
  return settings;
}

/** Where NATS is and who `name` (a service, the CLI) is there: replies come back to its own inbox. */
export function natsEndpoint(settings: Settings, name: string): NatsEndpoint {
  return {
    url: required(settings, 'natsUrl', 'NATS_URL'),
    ...settings.natsAuth,
    inboxName: settings.natsAuth.user ?? name,
  };
}

/** Fails start-up with a clear message when a mode needs a setting that is not there. */
export function required<K extends keyof Settings>(
  settings: Settings,
  key: K,
  variable: string,
): NonNullable<Settings[K]> {
  const value = settings[key];
  if (value === undefined || value === null)
    throw new SettingsError([`${variable} is required in this mode`]);
  return value;
}
