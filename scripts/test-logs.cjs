// Where the logs of the services a test file runs go: tmp/test-logs/<the test file's path>.log. The jest setup
// points LOG_FILE there (in-process services and the e2e harness's child processes write to it); the summary
// reporter prints it only when a test of that file failed.
const path = require('node:path');

const root = path.join(__dirname, '..');
const logFileOf = (testPath) =>
  path.join(root, 'tmp', 'test-logs', `${path.relative(root, testPath).replace(/[\\/]/g, '__')}.log`);

module.exports = { logFileOf };
