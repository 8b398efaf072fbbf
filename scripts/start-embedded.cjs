#!/usr/bin/env node
// `npm start`: the whole system in this one process, PGlite on disk under DATA_DIR (see README). Runs the
// compiled JavaScript in dist/ (built by `npm ci`), after compiling whatever source changed since.
const { build } = require('./build.cjs');

build().then(
  () => require('../dist/apps/embedded/src/main.js'),
  (error) => {
    console.error(`could not compile the sources: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
