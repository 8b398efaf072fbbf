import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NATS_CONFIG_FILES, withAccounts } from '@studio/messaging';
import { REPO_ROOT } from './kustomize';

describe('NATS configurations', () => {
  it.each(Object.entries(NATS_CONFIG_FILES))('%s is what npm run nats:config writes', (file, systems) => {
    const current = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    expect(current).toBe(withAccounts(current, systems));
  });
});
