// The deployment's tests: the kustomize overlays render and validate, the monitoring names only what services
// export. The metrics check starts the embedded system with the e2e harness, so it shares the e2e set-up.
const preset = require('../../jest.preset.cjs')(__dirname, 'deploy');
module.exports = {
  ...preset,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.e2e-spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/../../apps/e2e/src/harness/e2e-setup.ts'],
};
