#!/usr/bin/env node
// Part of `npm ci` (prepare): an empty PGlite database, made once here so that `npm start` on a fresh DATA_DIR
// copies it (under a second) instead of running PostgreSQL's initdb (several seconds and hundreds of MB).
const fs = require('node:fs');
const path = require('node:path');
const { PGlite } = require('@electric-sql/pglite');

const OUT = path.join(__dirname, '..', 'dist', 'pglite-template.tar.gz');

(async () => {
  if (fs.existsSync(OUT) && !process.argv.includes('--force')) return;
  const started = Date.now();
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(`${OUT}.tmp`, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(`${OUT}.tmp`, OUT);
  console.log(`built dist/pglite-template.tar.gz in ${Date.now() - started} ms`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
