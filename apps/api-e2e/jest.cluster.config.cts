// The cluster tier (npm run test:e2e:cluster): the built API as two
// instances behind nginx, with Redis, on one PostgreSQL database — all
// started by src/cluster/support/global-setup.mjs. One worker: the tests
// stop and restart instances of the shared cluster.
const base = require('./jest.config.cts');

module.exports = {
  ...base,
  displayName: 'api-e2e-cluster',
  globalSetup: '<rootDir>/src/cluster/support/global-setup.mjs',
  globalTeardown: '<rootDir>/src/cluster/support/global-teardown.mjs',
  testMatch: ['<rootDir>/src/cluster/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120_000,
};
