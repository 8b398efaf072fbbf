import {
  BUS_ACCESS,
  DEFAULT_CHECKOUT_SUBJECT,
  OPS_REQUESTS,
  prefixed,
  SERVICE_NAMES,
  servedBy,
  type ServiceName,
} from '@studio/contracts';
import { randomBytes } from 'node:crypto';
import {
  consumerName,
  durableName,
  externalStreamName,
  STREAM_ROOTS,
  streamName,
  streamOf,
} from './jetstream.names';
import { inboxPrefixOf } from './nats-servers';

/** One system on a NATS account: its bus prefix, and how its users' names end (two systems, one server). */
export interface NatsSystem {
  readonly prefix: string;
  /** Appended to each user name: `''` for the first system, e.g. `-kurrent` for another beside it. */
  readonly userSuffix: string;
  readonly checkoutSubject: string;
}

export const DEFAULT_NATS_SYSTEM: NatsSystem = {
  prefix: 'studio',
  userSuffix: '',
  checkoutSubject: DEFAULT_CHECKOUT_SUBJECT,
};

export interface NatsPermissions {
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
  /** May answer the requests it receives (publish once on their reply subject): responders only. */
  readonly allowResponses: boolean;
}

export interface NatsUser {
  readonly name: string;
  /** The environment variable nats-server reads the password from (a Secret's key in Kubernetes). */
  readonly passwordVariable: string;
  readonly permissions: NatsPermissions;
}

/**
 * A fresh password for a NATS user. nats-server parses an environment variable's value as a configuration
 * value, so one that looks like a number or a boolean (`1e5…`, `true`) is refused or misread: a letter first.
 */
export const newNatsPassword = (): string => `n${randomBytes(24).toString('base64url')}`;

export const passwordVariableOf = (user: string): string =>
  `NATS_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`;

/**
 * Exactly what a service's connections need: the requests it sends and the durable subjects it publishes;
 * its own request subjects and inbox to read; the JetStream API for the streams (any service may create them,
 * the same way) and for its own consumers alone, and acks of its own consumers' messages.
 */
export function servicePermissions(service: ServiceName, system: NatsSystem): NatsPermissions {
  const access = BUS_ACCESS[service];
  const { prefix } = system;
  // Another system's subject is chosen by a setting (CHECKOUT_SUBJECT); the handler's pattern, the default,
  // still names the consumer.
  const chosen = (subject: string) =>
    subject === DEFAULT_CHECKOUT_SUBJECT ? system.checkoutSubject : subject;
  const externalPublishes = (access.external?.publishes ?? []).map(chosen);
  const externalConsumes = access.external?.consumes ?? [];
  const consumers = [
    ...access.consumes.map((pattern) => ({ pattern, stream: streamOf(prefix, pattern) })),
    ...externalConsumes.map((pattern) => ({ pattern, stream: externalStreamName(chosen(pattern)) })),
  ].map(({ pattern, stream }) => ({ stream, durable: durableName(prefix, consumerName(service, pattern)) }));
  const externalStreams = unique(
    [...externalPublishes, ...externalConsumes.map(chosen)].map(externalStreamName),
  );
  const streams = [...STREAM_ROOTS.map((root) => streamName(prefix, root)), ...externalStreams];
  const jetStreamApi = [
    '$JS.API.INFO',
    ...(externalStreams.length > 0 ? ['$JS.API.STREAM.NAMES'] : []),
    ...streams.flatMap((stream) => [`$JS.API.STREAM.INFO.${stream}`, `$JS.API.STREAM.CREATE.${stream}`]),
    ...unique(consumers.map(({ stream }) => `$JS.API.STREAM.MSG.GET.${stream}`)),
    ...consumers.flatMap(({ stream, durable }) => [
      `$JS.API.CONSUMER.CREATE.${stream}.${durable}`,
      `$JS.API.CONSUMER.CREATE.${stream}.${durable}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
      `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
      `$JS.ACK.${stream}.${durable}.>`,
    ]),
  ];
  return {
    publish: [
      ...access.requests.map((subject) => prefixed(prefix, subject)),
      ...access.publishes.map((subject) => prefixed(prefix, subject)),
      ...externalPublishes,
      ...jetStreamApi,
    ],
    subscribe: [
      ...servedBy(service).map((subject) => prefixed(prefix, subject)),
      `${inboxPrefixOf(userName(service, system))}.>`,
    ],
    allowResponses: servedBy(service).length > 0,
  };
}

const userName = (party: string, system: NatsSystem): string => `${party}${system.userSuffix}`;

/** Every user of one system: a user per service, and the operators' (`npm run ops`). */
export function systemUsers(system: NatsSystem): NatsUser[] {
  const user = (party: string, permissions: NatsPermissions): NatsUser => {
    const name = userName(party, system);
    return { name, passwordVariable: passwordVariableOf(name), permissions };
  };
  return [
    ...SERVICE_NAMES.map((service) => user(service, servicePermissions(service, system))),
    user('ops', {
      publish: OPS_REQUESTS.map((subject) => prefixed(system.prefix, subject)),
      subscribe: [`${inboxPrefixOf(userName('ops', system))}.>`],
      allowResponses: false,
    }),
  ];
}

/**
 * The checkout, another system: it publishes purchases on its subject (API.md "Checkout") and reads the
 * acknowledgements in its own inboxes (its client's default `_INBOX.`, which none of ours use).
 */
export function checkoutUser(checkoutSubject: string): NatsUser {
  return {
    name: 'checkout',
    passwordVariable: passwordVariableOf('checkout'),
    permissions: { publish: [checkoutSubject], subscribe: ['_INBOX.>'], allowResponses: false },
  };
}

/**
 * The `accounts` block of a nats-server configuration: one account (STUDIO, with JetStream) holding a user per
 * service of each system, an operators' user and the checkout's; and SYS for server-wide monitoring. No user
 * is left without permissions and no connection without a user: an unauthenticated client is refused.
 */
export function renderAccounts(systems: readonly NatsSystem[]): string {
  const first = systems[0] ?? DEFAULT_NATS_SYSTEM;
  const users = [...systems.flatMap(systemUsers), checkoutUser(first.checkoutSubject)];
  const variable = (user: NatsUser) => `${user.name.toUpperCase().replace(/-/g, '_')}_PERMISSIONS`;
  const list = (subjects: readonly string[]) =>
    `[\n${subjects.map((subject) => `      "${subject}"`).join('\n')}\n    ]`;
  const blocks = users.map(
    (user) =>
      `${variable(user)}: {\n` +
      `  publish: { allow: ${list(user.permissions.publish)} }\n` +
      `  subscribe: { allow: ${list(user.permissions.subscribe)} }\n` +
      (user.permissions.allowResponses ? '  allow_responses: true\n' : '') +
      '}',
  );
  const entries = users.map(
    (user) =>
      `      { user: ${user.name}, password: $${user.passwordVariable}, permissions: $${variable(user)} }`,
  );
  return [
    `# Generated by \`npm run nats:config\` from libs/contracts/src/bus.access.ts: do not edit by hand.`,
    `# Bus prefix${systems.length > 1 ? 'es' : ''}: ${systems.map((s) => s.prefix).join(', ')}. Each password is read from the`,
    '# environment variable named after `password: $`; nats-server refuses to start when one is missing.',
    ...blocks,
    '',
    'accounts {',
    '  STUDIO: {',
    '    jetstream: enabled',
    '    users: [',
    ...entries,
    '    ]',
    '  }',
    '  # Operators (nats CLI: server reports, stream and consumer info across the cluster).',
    '  SYS: {',
    `    users: [{ user: system, password: $${passwordVariableOf('system')} }]`,
    '  }',
    '}',
    'system_account: SYS',
    '',
  ].join('\n');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
