const preset = require('../../jest.preset.cjs')(__dirname, 'event-store');

// PGlite's CommonJS build loads Node built-ins with import(), which Jest's CommonJS runtime refuses without
// --experimental-vm-modules: let SWC turn those into require() calls.
module.exports = {
  ...preset,
  transform: {
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } },
    ],
    ...preset.transform,
  },
  transformIgnorePatterns: preset.transformIgnorePatterns.map((pattern) => pattern.replace('(?!(', '(?!(@electric-sql|')),
};
