// Browser tests: Debian's Chromium driven by playwright-core against the whole system, in both run modes.
const preset = require('../../jest.preset.cjs')(__dirname, 'web');
module.exports = {
  ...preset,
  testMatch: ['<rootDir>/browser/**/*.e2e-spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/../e2e/src/harness/e2e-setup.ts'],
};
