// Shared Jest settings for every project. SWC compiles TypeScript (and the ESM-only @nestjs packages,
// which CommonJS Jest cannot load as they are); import aliases come from tsconfig.base.json.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    path.join(__dirname, target),
  ]),
);

const swc = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const pgliteSwc = {
  jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
  module: { type: 'commonjs' },
};

/** @param {string} dir the project's folder; @param {string} name its display name */
module.exports = function preset(dir, name) {
  return {
    displayName: name,
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: [
      '<rootDir>/src/**/*.spec.ts',
      '<rootDir>/src/**/*.int-spec.ts',
      '<rootDir>/src/**/*.e2e-spec.ts',
      '<rootDir>/test/**/*.e2e-spec.ts',
    ],
    transform: {
      // PGlite's CommonJS build loads Node built-ins with import(), which Jest's CommonJS runtime refuses
      // without --experimental-vm-modules: let SWC turn those into require() calls.
      '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': ['@swc/jest', pgliteSwc],
      '^.+\\.(t|j|mj)s$': ['@swc/jest', swc],
    },
    transformIgnorePatterns: [
      '/node_modules/(?!(@electric-sql|@nestjs|file-type|uint8array-extras|token-types|strtok3|@tokenizer|uid|load-esm)/)',
    ],
    moduleNameMapper,
    // Logs of the services under test go to tmp/test-logs/, shown only when a test fails.
    setupFilesAfterEnv: [path.join(__dirname, 'scripts', 'jest-log-file.cjs')],
    testTimeout: 30000,
    moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  };
};
