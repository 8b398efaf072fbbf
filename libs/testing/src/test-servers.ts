import { spawnSync } from 'node:child_process';

/**
 * Where a suite finds a server this machine may not have (KurrentDB, MongoDB): the URL in its variable when set;
 * else a container, when a Docker engine answers; else nowhere, with the reason, and the suite reports itself
 * skipped by name. Never a stand-in: a suite either meets the real server or says it did not run.
 */
export type TestServer =
  | { readonly kind: 'given'; readonly url: string }
  | { readonly kind: 'container'; readonly start: () => Promise<StartedServer> }
  | { readonly kind: 'none'; readonly reason: string };

export interface StartedServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** KurrentDB from ESDB_URL, or `kurrentplatform/kurrentdb` (ESDB_IMAGE overrides the image) in a container. */
export function kurrentTestServer(env: NodeJS.ProcessEnv = process.env): TestServer {
  return resolveTestServer('ESDB_URL', env, async () => {
    // testcontainers 11 (12 needs Node 22.22; @testcontainers/kurrentdb exists only for 12): a plain container.
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer(env.ESDB_IMAGE ?? KURRENT_IMAGE)
      .withEnvironment({
        KURRENTDB_INSECURE: 'true',
        KURRENTDB_MEM_DB: 'true',
        KURRENTDB_RUN_PROJECTIONS: 'None',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(120_000)
      .start();
    return {
      url: `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
      stop: async () => void (await container.stop()),
    };
  });
}

/** MongoDB from MONGO_URL, or `mongo` (MONGO_IMAGE overrides the image) as a one-node replica set. */
export function mongoTestServer(env: NodeJS.ProcessEnv = process.env): TestServer {
  return resolveTestServer('MONGO_URL', env, async () => {
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const container = await new MongoDBContainer(env.MONGO_IMAGE ?? MONGO_IMAGE).start();
    return {
      url: `${container.getConnectionString()}?directConnection=true`,
      stop: async () => void (await container.stop()),
    };
  });
}

export const KURRENT_IMAGE = 'kurrentplatform/kurrentdb:25.1';
export const MONGO_IMAGE = 'mongo:8.0';

function resolveTestServer(
  variable: string,
  env: NodeJS.ProcessEnv,
  start: () => Promise<StartedServer>,
): TestServer {
  const url = env[variable];
  if (url) return { kind: 'given', url };
  const docker = dockerEngine();
  if (docker.answers) return { kind: 'container', start };
  return { kind: 'none', reason: `${variable} is not set and no Docker engine answers (${docker.reason})` };
}

let engine: { answers: boolean; reason: string } | undefined;

/**
 * Whether testcontainers finds a container runtime. Asked in a child process because Jest collects tests
 * synchronously: the answer must be known before the suite is described (skipped or not). ~0.5 s, once.
 */
export function dockerEngine(): { answers: boolean; reason: string } {
  if (engine) return engine;
  const probe = `require(${JSON.stringify(require.resolve('testcontainers'))}).getContainerRuntimeClient().then(
    () => process.exit(0),
    (error) => { process.stdout.write(String(error && error.message)); process.exit(1); })`;
  const child = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 30_000 });
  const reason = child.stdout.trim() || child.error?.message || `probe exited ${String(child.status)}`;
  engine = { answers: child.status === 0, reason };
  return engine;
}

/**
 * Describes `title` against the server: started before its tests (when a container) and stopped after; or, with
 * no server, one skipped test whose name says why, so the run lists it among the skipped.
 */
export function describeWithServer(
  title: string,
  server: TestServer,
  body: (url: () => string) => void,
): void {
  if (server.kind === 'none') {
    describe(title, () => {
      it.skip(`runs against a real server [skipped: ${server.reason}]`, () => undefined);
    });
    return;
  }
  describe(title, () => {
    let started: StartedServer | undefined;
    let url = server.kind === 'given' ? server.url : '';
    if (server.kind === 'container') {
      beforeAll(async () => {
        started = await server.start();
        url = started.url;
      }, 180_000);
      afterAll(async () => started?.stop());
    }
    body(() => url);
  });
}
