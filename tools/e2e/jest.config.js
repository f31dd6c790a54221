module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  // Suites spawn real nx/terraform/helm/git; run them one at a time on a 2-core machine.
  maxWorkers: 1,
  testTimeout: 300_000,
};
