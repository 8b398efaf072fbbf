import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseDuration } from '@studio/contracts';

/** The settings of API.md, read from the environment and checked at start-up, every problem named at once. */
export interface Settings {
  readonly port: number;
  /** The gateway's interface: all of them by default (`127.0.0.1` keeps it to this machine). */
  readonly host: string;
  readonly dataDir: string;
  readonly invitationTtlMs: number;
  readonly passwordResetTtlMs: number;
  readonly invitationSweepIntervalMs: number;
  readonly publicUrl: string;
  /** The sender of every email. */
  readonly mailFrom: string;
  readonly mailUrl: string | undefined;
  readonly natsUrl: string | undefined;
  readonly eventStoreUrl: string | undefined;
  readonly documentsUrl: string | undefined;
  /** Prefix of every bus subject and stream, so deployments (and test runs) can share a NATS server. */
  readonly busPrefix: string;
  readonly checkoutWebhookSecret: string | undefined;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The gateway's per-address limits: most requests, and the sensitive ones (sign-in, resets, token links). */
  readonly rateLimitPerMinute: number;
  readonly rateLimitSensitivePerMinute: number;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For to believe (e.g. `loopback`, `10.0.0.0/8`, `1`). */
  readonly trustProxy: string | undefined;
}

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const problems: string[] = [];
  const duration = (name: string, fallback: string): number => {
    const parsed = parseDuration(env[name] ?? fallback);
    if (parsed.ok) return parsed.value;
    problems.push(`${name}="${env[name]}": expected a duration such as 90s, 15m, 72h or 3d`);
    return 0;
  };
  const url = (name: string, schemes: readonly string[]): string | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    if (!schemes.some((scheme) => value.startsWith(scheme)))
      problems.push(`${name}: expected ${schemes.join(', ')}…`);
    // PGlite makes its own folder, not the folders above it: a typo there should say so, not crash.
    const dir = value.startsWith('pglite://') ? value.slice('pglite://'.length) : '';
    if (dir !== '' && dir !== 'memory' && !existsSync(path.dirname(path.resolve(dir))))
      problems.push(`${name}="${value}": the folder ${path.dirname(path.resolve(dir))} does not exist`);
    return value;
  };
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT="${portText}": expected a TCP port`);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${portText}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl))
    problems.push(`PUBLIC_URL="${publicUrl}": expected http(s)://host[:port]`);
  const host = env.HOST || '0.0.0.0';
  if (!/^[\w.:-]+$/.test(host))
    problems.push(`HOST="${host}": expected an address or host name, e.g. 127.0.0.1`);
  const mailFrom = env.MAIL_FROM || `no-reply@${hostOf(publicUrl)}`;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(mailFrom))
    problems.push(`MAIL_FROM="${mailFrom}": expected an email address, e.g. no-reply@studio.example`);
  const busPrefix = env.BUS_PREFIX ?? 'studio';
  if (!/^[A-Za-z0-9_-]+$/.test(busPrefix))
    problems.push(`BUS_PREFIX="${busPrefix}": letters, digits, _ and - only`);
  const perMinute = (name: string, fallback: number): number => {
    const value = Number(env[name] ?? fallback);
    if (Number.isInteger(value) && value > 0) return value;
    problems.push(`${name}="${env[name]}": expected a whole number of requests a minute`);
    return fallback;
  };
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel))
    problems.push(`LOG_LEVEL="${logLevel}": debug, info, warn or error`);

  const settings: Settings = {
    port,
    host,
    dataDir: env.DATA_DIR ?? '.data',
    invitationTtlMs: duration('INVITATION_TTL', '72h'),
    passwordResetTtlMs: duration('PASSWORD_RESET_TTL', '1h'),
    invitationSweepIntervalMs: duration('INVITATION_SWEEP_INTERVAL', '30s'),
    publicUrl,
    mailFrom,
    mailUrl: url('MAIL_URL', ['smtp://', 'smtps://', 'file://']),
    natsUrl: url('NATS_URL', ['nats://', 'tls://']),
    eventStoreUrl: url('EVENT_STORE_URL', [
      'postgres://',
      'postgresql://',
      'pglite://',
      'esdb://',
      'kurrentdb://',
    ]),
    documentsUrl: url('DOCUMENTS_URL', ['postgres://', 'postgresql://', 'pglite://', 'mongodb://']),
    busPrefix,
    checkoutWebhookSecret: env.CHECKOUT_WEBHOOK_SECRET,
    logLevel: logLevel as Settings['logLevel'],
    // Per address, so generous: an office behind one NAT is many people, and identity stops brute force per account.
    rateLimitPerMinute: perMinute('RATE_LIMIT_PER_MINUTE', 6000),
    rateLimitSensitivePerMinute: perMinute('RATE_LIMIT_SENSITIVE_PER_MINUTE', 600),
    trustProxy: env.TRUST_PROXY || undefined,
  };
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'localhost';
  }
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
