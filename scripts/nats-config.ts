// `npm run nats:config`: writes the NATS server configurations, a user per service whose permissions are
// exactly its subjects (libs/contracts/src/bus.access.ts), for docker compose (deploy/nats/nats-server.conf)
// and Kubernetes (deploy/k8s/base/nats/nats.conf). `-- --check`: changes nothing, fails if a file is stale.
// `-- --passwords`: prints fresh random passwords, one `NATS_PASSWORD_<USER>=…` line per user (a compose .env).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_NATS_SYSTEM, type NatsSystem, newNatsPassword, renderAccounts } from '@studio/messaging';

const ROOT = path.join(__dirname, '..');

/** Compose runs a second system beside the first on the same NATS (the kurrent profile, BUS_PREFIX studio_kurrent). */
const COMPOSE_SYSTEMS: readonly NatsSystem[] = [
  DEFAULT_NATS_SYSTEM,
  { ...DEFAULT_NATS_SYSTEM, prefix: 'studio_kurrent', userSuffix: '-kurrent' },
];

const COMPOSE_HEADER = `# NATS for docker compose (and any single server: \`nats-server -c deploy/nats/nats-server.conf -js -sd <dir>\`):
# one account, a user per service. Passwords come from the environment (compose passes them to the nats
# container; set your own in .env, \`npm run -s nats:config -- --passwords > .env\`).
jetstream: enabled
`;

const K8S_HEADER = `# The studio's NATS cluster. $NAME values come from the pod's environment (POD_NAME, and each user's password
# from the Secret studio-nats-users); nats-server refuses to start when one is missing.
server_name: $POD_NAME
listen: 0.0.0.0:4222
http: 0.0.0.0:8222
pid_file: /var/run/nats/nats.pid
max_payload: 1MB
# On SIGTERM (preStop): stop taking clients, hand them to the other nodes over 30 s, then stop.
lame_duck_duration: 30s
lame_duck_grace_period: 10s

jetstream {
  store_dir: /data/jetstream
  max_memory_store: 256MB
  # Keep below the volume's size (10Gi in the base).
  max_file_store: 8GB
}

cluster {
  name: studio-nats
  listen: 0.0.0.0:6222
  # Only the NATS pods may reach 6222 (NetworkPolicy studio-nats).
  routes: [
    nats://studio-nats-0.studio-nats-headless:6222
    nats://studio-nats-1.studio-nats-headless:6222
    nats://studio-nats-2.studio-nats-headless:6222
  ]
  connect_retries: 120
}
`;

/** Every generated file, by its path in the repository. */
export function natsConfigFiles(): Record<string, string> {
  return {
    'deploy/nats/nats-server.conf': `${COMPOSE_HEADER}\n${renderAccounts(COMPOSE_SYSTEMS)}`,
    'deploy/k8s/base/nats/nats.conf': `${K8S_HEADER}\n${renderAccounts([DEFAULT_NATS_SYSTEM])}`,
  };
}

/** Every password variable a configuration reads (`password: $NATS_PASSWORD_…`). */
export function passwordVariables(config: string): string[] {
  return [...config.matchAll(/password: \$(\w+)/g)].map((match) => match[1]!);
}

function main(args: readonly string[]): number {
  const files = natsConfigFiles();
  if (args.includes('--passwords')) {
    const variables = new Set(Object.values(files).flatMap(passwordVariables));
    for (const variable of variables) console.log(`${variable}=${newNatsPassword()}`);
    return 0;
  }
  const check = args.includes('--check');
  let stale = 0;
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(ROOT, file);
    const current = (() => {
      try {
        return readFileSync(target, 'utf8');
      } catch {
        return undefined;
      }
    })();
    if (current === text) continue;
    if (check) {
      console.error(`${file} is not what npm run nats:config writes: run it and commit the result`);
      stale++;
    } else {
      writeFileSync(target, text);
      console.log(`wrote ${file}`);
    }
  }
  return stale === 0 ? 0 : 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
