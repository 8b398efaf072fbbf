import { readFileSync } from 'node:fs';
import path from 'node:path';
import { natsConfigFiles } from '../../../scripts/nats-config';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('NATS configurations', () => {
  it.each(Object.entries(natsConfigFiles()))('%s is what npm run nats:config writes', (file, text) => {
    expect(readFileSync(path.join(ROOT, file), 'utf8')).toBe(text);
  });
});
