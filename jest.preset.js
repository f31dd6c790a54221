// Shared jest settings: TypeScript through swc (fast, no type-check; `npm run typecheck` does that).
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@fabrik/core$': path.join(__dirname, 'libs/core/src/index.ts'),
    '^@fabrik/nx$': path.join(__dirname, 'libs/nx-plugin/src/index.ts'),
  },
  testPathIgnorePatterns: ['/node_modules/', '/files/', '/dist/'],
  // Real terraform and helm run inside tests; this is a hang guard, not a performance assertion.
  testTimeout: 120_000,
};
