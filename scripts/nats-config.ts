// `npm run nats:config`: rewrites the generated part of each NATS server configuration (a user per service
// whose permissions are exactly its subjects, from libs/contracts/src/bus.access.ts), for docker compose
// (deploy/nats/nats-server.conf) and Kubernetes (deploy/k8s/base/nats/nats.conf); what is above that part is
// the file's own. `-- --check`: changes nothing, fails if a file is stale. `-- --passwords`: prints a fresh
// random password for every user, one `NATS_PASSWORD_<USER>=…` line each (a compose .env).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NATS_CONFIG_FILES, newNatsPassword, withAccounts } from '@studio/messaging';

const ROOT = path.join(__dirname, '..');

function main(args: readonly string[]): number {
  const check = args.includes('--check');
  const variables = new Set<string>();
  let stale = 0;
  for (const [file, systems] of Object.entries(NATS_CONFIG_FILES)) {
    const target = path.join(ROOT, file);
    const current = readFileSync(target, 'utf8');
    const generated = withAccounts(current, systems);
    for (const match of generated.matchAll(/password: \$(\w+)/g)) variables.add(match[1]!);
    if (args.includes('--passwords') || current === generated) continue;
    if (check) {
      console.error(`${file} is not what npm run nats:config writes: run it and commit the result`);
      stale++;
    } else {
      writeFileSync(target, generated);
      console.log(`wrote ${file}`);
    }
  }
  if (args.includes('--passwords'))
    for (const variable of variables) console.log(`${variable}=${newNatsPassword()}`);
  return stale === 0 ? 0 : 1;
}

process.exit(main(process.argv.slice(2)));
