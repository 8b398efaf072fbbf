import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findWebRoot } from './web-root';

describe('finding the built web app', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'web-root-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('walks up from the code to the folder that holds apps/web/dist', () => {
    mkdirSync(path.join(root, 'apps', 'web', 'dist'), { recursive: true });
    writeFileSync(path.join(root, 'apps', 'web', 'dist', 'index.html'), '<!doctype html>');
    const deep = path.join(root, 'dist', 'services', 'gateway', 'src', 'web');
    mkdirSync(deep, { recursive: true });
    expect(findWebRoot({}, deep)).toBe(path.join(root, 'apps', 'web', 'dist'));
  });

  it('takes WEB_ROOT when it is set', () => {
    expect(findWebRoot({ WEB_ROOT: root }, '/')).toBe(root);
  });

  it('finds nothing when the app is not built', () => {
    expect(findWebRoot({}, root)).toBeUndefined();
  });
});
