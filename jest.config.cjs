// `npm test`: every project's tests in one run, one summary.
const fs = require('node:fs');
const path = require('node:path');

const projects = ['libs', 'services', 'apps', 'deploy'].flatMap((group) =>
  fs
    .readdirSync(path.join(__dirname, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(__dirname, group, d.name, 'jest.config.cjs')))
    .map((d) => `<rootDir>/${group}/${d.name}/jest.config.cjs`),
);

module.exports = {
  projects,
  // Integration tests start real servers; a cold machine (first SWC compile) is slower than a warm one.
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
  // End-to-end tests start the services as compiled JavaScript: compile what changed, once per run.
  globalSetup: '<rootDir>/scripts/jest-global-setup.cjs',
};
