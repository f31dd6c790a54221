// The chart's `test` target: render matrix and failure cases with real helm 3 and helm 4.
module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'microservice-chart',
  rootDir: __dirname,
  testTimeout: 120_000,
};
