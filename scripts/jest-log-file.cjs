// Jest setup (every project): the logs of the services under test go to this test file's log file, not the
// test output; the summary reporter shows them when the file has a failing test.
const fs = require('node:fs');
const path = require('node:path');
const { logFileOf } = require('./test-logs.cjs');

const file = logFileOf(expect.getState().testPath);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, '');
process.env.LOG_FILE = file;
