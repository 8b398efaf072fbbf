#!/usr/bin/env node
// `npm start`: the whole system in this one process, PGlite on disk under DATA_DIR (see README).
require('@swc-node/register');
require('../apps/embedded/src/main.ts');
