// `npm run lint:openapi`: writes the gateway's OpenAPI document (generated from the route table) to a temp file
// and lints it with Spectral (`spectral:oas`, .spectral.yaml); any error or warning fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openApiDocument } from '../services/gateway/src/docs/openapi.document';

const root = path.join(__dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
const file = path.join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
const spectral = spawnSync(
  path.join(root, 'node_modules', '.bin', 'spectral'),
  ['lint', file, '--ruleset', path.join(root, '.spectral.yaml'), '--fail-severity', 'warn'],
  { stdio: 'inherit' },
);
rmSync(dir, { recursive: true, force: true });
process.exit(spectral.status ?? 1);
