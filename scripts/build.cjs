#!/usr/bin/env node
// `npm run build` (and `npm ci`, through `prepare`): compiles the TypeScript of libs/, services/ and
// apps/embedded and apps/ops to CommonJS in dist/, keeping the folder layout, with SWC (the compiler the tests use).
// Imports of @studio/* become relative paths, so `node dist/services/<name>/src/main.js` needs nothing else.
// Only sources newer than their output are compiled again; `--clean` starts from an empty dist/.
const fs = require('node:fs');
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.base.json');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'dist');
const SOURCES = ['libs', 'services', 'apps/embedded', 'apps/ops'];
const TESTS = /\.(spec|int-spec|e2e-spec|contract)\.ts$|\/(testing|bench)\//;

const swcOptions = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
    baseUrl: ROOT,
    paths: compilerOptions.paths,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

function sourcesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !TESTS.test(full) ? [full] : [];
  });
}

/** A process starting meanwhile (another test run, `npm start`) never reads half a file. */
function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

/** Compiles what changed; answers how many files it compiled. */
async function build({ clean = false } = {}) {
  if (clean) fs.rmSync(OUT, { recursive: true, force: true });
  const files = SOURCES.flatMap((dir) => sourcesUnder(path.join(ROOT, dir)));
  const stale = files.filter((file) => {
    const out = path.join(OUT, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
    return mtime(file) > mtime(out);
  });
  if (stale.length === 0) return 0;
  // Loaded only when there is something to compile: `npm start` would otherwise carry SWC's native module.
  const { transformFile } = require('@swc/core');
  await Promise.all(
    stale.map(async (file) => {
      const out = path.join(OUT, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
      const { code, map } = await transformFile(file, {
        ...swcOptions,
        filename: file,
        sourceFileName: path.relative(path.dirname(out), file),
      });
      fs.mkdirSync(path.dirname(out), { recursive: true });
      if (map) writeAtomically(`${out}.map`, map);
      writeAtomically(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
    }),
  );
  return stale.length;
}

module.exports = { build, OUT, ROOT };

if (require.main === module) {
  const started = Date.now();
  build({ clean: process.argv.includes('--clean') }).then(
    (count) => console.log(`built ${count} file(s) into dist/ in ${Date.now() - started} ms`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
