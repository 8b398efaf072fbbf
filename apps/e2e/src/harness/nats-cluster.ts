import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstreamManager, RetentionPolicy } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { firstStored } from '@studio/messaging';
import { freePort } from '@studio/testing';

const NATS_SERVER = process.env.NATS_SERVER ?? '/usr/sbin/nats-server';

/** A NATS cluster of this test's own: every node on loopback, routed to the others, with JetStream. */
export interface NatsCluster {
  /** Every node's client URL, comma-separated: what NATS_URL takes. */
  readonly url: string;
  readonly size: number;
  /** `kill -9` of one node. */
  kill(node: number): Promise<void>;
  /** Starts a killed node again on its own store; resolves once it answers and JetStream is back. */
  restart(node: number): Promise<void>;
  /** How every work-queue stream and its consumers stand: what a test prints when messages went missing. */
  workQueues(): Promise<string>;
  stop(): Promise<void>;
}

interface Node {
  readonly name: string;
  readonly port: number;
  readonly monitorPort: number;
  readonly config: string;
  child?: ChildProcess;
}

/**
 * Starts `size` `nats-server` processes on free loopback ports, each with its own JetStream store under a
 * temporary folder and routes to every other; resolves once JetStream answers as a cluster (a meta leader).
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nats-cluster-'));
  const ports = await Promise.all(Array.from({ length: size * 3 }, freePort));
  const routePorts = ports.slice(size, size * 2);
  const routes = routePorts.map((port) => `nats-route://127.0.0.1:${port}`);
  const nodes: Node[] = Array.from({ length: size }, (_, i) => {
    const name = `n${i + 1}`;
    const store = path.join(dir, name);
    mkdirSync(store);
    const config = path.join(dir, `${name}.conf`);
    writeFileSync(
      config,
      [
        `server_name: ${name}`,
        `listen: 127.0.0.1:${ports[i]}`,
        `http: 127.0.0.1:${ports[size * 2 + i]}`,
        `jetstream { store_dir: "${store}" }`,
        `cluster {`,
        `  name: studio-test`,
        `  listen: 127.0.0.1:${routePorts[i]}`,
        `  routes: [${routes.join(', ')}]`,
        `}`,
        '',
      ].join('\n'),
    );
    return { name, port: ports[i]!, monitorPort: ports[size * 2 + i]!, config };
  });
  const start = (node: Node) => {
    const log = openSync(path.join(dir, `${node.name}.log`), 'a');
    node.child = spawn(NATS_SERVER, ['-c', node.config], { stdio: ['ignore', log, log] });
    closeSync(log);
  };
  const halt = async (node: Node, signal: NodeJS.Signals) => {
    const child = node.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  nodes.forEach(start);
  await Promise.all(nodes.map((node) => jetStreamReady(node.monitorPort)));
  const url = nodes.map((node) => `nats://127.0.0.1:${node.port}`).join(',');
  return {
    url,
    size,
    kill: (i) => halt(nodes[i]!, 'SIGKILL'),
    workQueues: () => describeWorkQueues(url),
    restart: async (i) => {
      const node = nodes[i]!;
      start(node);
      await jetStreamReady(node.monitorPort);
    },
    stop: async () => {
      await Promise.all(nodes.map((node) => halt(node, 'SIGTERM')));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The node's monitoring endpoint says JetStream is on and the cluster has a meta leader. */
async function jetStreamReady(monitorPort: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const info = await fetch(`http://127.0.0.1:${monitorPort}/jsz`)
      .then((answer) =>
        answer.ok ? (answer.json() as Promise<{ meta_cluster?: { leader?: string } }>) : null,
      )
      .catch(() => null);
    if (info?.meta_cluster?.leader) return;
    if (Date.now() > until)
      throw new Error(`JetStream on :${monitorPort} had no cluster leader in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Each work-queue stream's state, and per consumer its delivered and acknowledged positions. */
async function describeWorkQueues(url: string): Promise<string> {
  const nc = await connect({ servers: url.split(',') });
  try {
    const jsm = await jetstreamManager(nc);
    const lines: string[] = [];
    for (const stream of await jsm.streams.list().next()) {
      if (stream.config.retention !== RetentionPolicy.Workqueue) continue;
      const { name } = stream.config;
      const { messages, first_seq, last_seq } = stream.state;
      lines.push(
        `${name} (leader ${stream.cluster?.leader}): ${messages} stored, seq ${first_seq}..${last_seq}`,
      );
      for (const c of await jsm.consumers.list(name).next()) {
        const filter = c.config.filter_subject ?? '>';
        const stored = (await firstStored(jsm, name, filter, { limit: 10 }).catch(() => [])).map(
          (m) => m.seq,
        );
        lines.push(
          `  ${c.name} (leader ${c.cluster?.leader}): delivered ${c.delivered.stream_seq}, ack floor ` +
            `${c.ack_floor.stream_seq}, ack pending ${c.num_ack_pending}, pending ${c.num_pending}, redelivered ` +
            `${c.num_redelivered}, waiting pulls ${c.num_waiting}; first stored: ${stored.join(' ') || 'none'}`,
        );
      }
    }
    return lines.join('\n');
  } finally {
    await nc.close();
  }
}

/**
 * Why a cluster test cannot pass on the installed nats-server, if it cannot: clustered 2.9 loses work-queue
 * messages after a consumer's leader moves (docs/operations.md, Scaling). `NATS_CLUSTER_E2E=1` runs it anyway.
 */
export function clusterDefect(): string | undefined {
  if (process.env.NATS_CLUSTER_E2E === '1') return undefined;
  const version = /v\d+\.\d+\.\d+/.exec(execFileSync(NATS_SERVER, ['--version']).toString())?.[0] ?? '';
  return version.startsWith('v2.9.')
    ? `nats-server ${version} loses work-queue messages after a consumer's leader moves ` +
        '(nats-io/nats-server#6469 and the like); NATS_CLUSTER_E2E=1 runs it anyway'
    : undefined;
}
