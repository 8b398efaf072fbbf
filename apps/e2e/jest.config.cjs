// End-to-end: real processes over HTTP; each file starts whole systems.
const preset = require('../../jest.preset.cjs')(__dirname, 'e2e');
module.exports = {
  ...preset,
  setupFilesAfterEnv: [...preset.setupFilesAfterEnv, '<rootDir>/src/harness/e2e-setup.ts'],
};
