import { readFileSync } from 'node:fs';
import { credsAuthenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import { coalesceNatsWrites } from './nats-write-coalescing';

/** Where NATS is and who this process is there (NATS_URL, NATS_USER/NATS_PASSWORD or NATS_CREDS, NATS_TLS_CA). */
export interface NatsEndpoint {
  /** One server or, for a cluster, several separated by commas; `tls://` insists on TLS. */
  readonly url: string;
  readonly user?: string;
  readonly password?: string;
  /** A NATS credentials file (a user JWT and its nkey seed), for servers run in operator mode. */
  readonly credsFile?: string;
  /** PEM file of the CA that signed the servers' certificates (else the system's CAs), with `tls://`. */
  readonly tlsCa?: string;
  /**
   * This party's own inbox prefix: replies come back under `_INBOX_<name>.`, which NATS lets only this user
   * read, so no other service can see them.
   */
  readonly inboxName?: string;
}

/**
 * NATS_URL names one server or, for a cluster, several separated by commas
 * (`nats://a:4222,nats://b:4222,nats://c:4222`): a client connects to any and moves to another when it goes.
 */
export const natsServers = (natsUrl: string): string[] =>
  natsUrl
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server !== '');

/** The inbox prefix of a party named `name` (the NATS permissions give `_INBOX_<name>.>` to it alone). */
export const inboxPrefixOf = (name: string): string => `_INBOX_${name}`;

/**
 * The client options for an endpoint: servers, credentials, TLS and the inbox prefix. Every connection of the
 * project is made with these, so this is also where its writes are set to coalesce (nats-write-coalescing.ts).
 */
export function natsConnectOptions(endpoint: NatsEndpoint): NodeConnectionOptions {
  coalesceNatsWrites();
  const servers = natsServers(endpoint.url);
  const tls = servers.some((server) => server.startsWith('tls://'));
  return {
    servers,
    // Otherwise every request (JetStream publishes and pulls included) makes two errors up front, stacks and
    // all, in case it fails: the registry's publisher spent a twentieth of its CPU on them.
    noAsyncTraces: true,
    ...(endpoint.user === undefined ? {} : { user: endpoint.user, pass: endpoint.password ?? '' }),
    ...(endpoint.credsFile === undefined
      ? {}
      : { authenticator: credsAuthenticator(readFileSync(endpoint.credsFile)) }),
    ...(tls ? { tls: endpoint.tlsCa === undefined ? {} : { caFile: endpoint.tlsCa } } : {}),
    ...(endpoint.inboxName === undefined ? {} : { inboxPrefix: inboxPrefixOf(endpoint.inboxName) }),
  };
}
