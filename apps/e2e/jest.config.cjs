// End-to-end: real processes over HTTP; each file starts a whole system.
module.exports = { ...require('../../jest.preset.cjs')(__dirname, 'e2e'), testTimeout: 120000 };
