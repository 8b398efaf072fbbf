import { existsSync } from 'node:fs';
import path from 'node:path';

const BUILT = path.join('apps', 'web', 'dist');

/**
 * Where the built web app is: `WEB_ROOT` when set, else the `apps/web/dist` of the first folder at or above
 * `from` that holds one (so it is found from the sources and from a compiled `dist/`, whatever the working
 * directory). Undefined when it is not built.
 */
export function findWebRoot(
  env: NodeJS.ProcessEnv = process.env,
  from: string = __dirname,
): string | undefined {
  const configured = env.WEB_ROOT?.trim();
  if (configured) return path.resolve(configured);
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, BUILT);
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
