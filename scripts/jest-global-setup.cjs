// Before a test run: the end-to-end suites start services from dist/, so it must match the sources.
const { build } = require('./build.cjs');

module.exports = async () => {
  await build();
};
