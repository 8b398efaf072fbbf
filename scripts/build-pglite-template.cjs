#!/usr/bin/env node
// Part of `npm ci` (prepare): an empty PGlite database directory, made once here so that `npm start` on a fresh
// DATA_DIR copies it (a third of a second, a file copy) instead of running PostgreSQL's initdb (seconds and
// hundreds of MB) or unpacking an archive through PGlite (over 100 MB more memory for the process's lifetime).
const fs = require('node:fs');
const path = require('node:path');
const { PGlite } = require('@electric-sql/pglite');

const OUT = path.join(__dirname, '..', 'dist', 'pglite-template');

(async () => {
  const force = process.argv.includes('--force');
  if (fs.existsSync(path.join(OUT, 'PG_VERSION')) && !force) return;
  const started = Date.now();
  // Made beside and renamed: an interrupted build never leaves a half-made template to be copied.
  const partial = `${OUT}.${process.pid}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  const db = await PGlite.create(partial);
  await db.close();
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.renameSync(partial, OUT);
  // The archive earlier versions made; nothing reads it any more.
  fs.rmSync(`${OUT}.tar.gz`, { force: true });
  console.log(`built dist/pglite-template/ in ${Date.now() - started} ms`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
