// API e2e: HTTP (and socket.io) clients against the built API started by the
// global setup on a fresh database. One worker: tests share one server.
module.exports = {
  displayName: 'api-e2e',
  preset: '../../jest.preset.js',
  globalSetup: '<rootDir>/src/support/global-setup.mjs',
  globalTeardown: '<rootDir>/src/support/global-teardown.mjs',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  // The cluster tier has its own set-up (jest.cluster.config.cts).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/src/cluster/'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // otplib's CommonJS entry needs ESM-only packages jest cannot load: use its bundle.
  moduleNameMapper: { '^otplib$': '<rootDir>/../../tools/test/jest/otplib.cjs' },
  transformIgnorePatterns: ['/node_modules/', '/tools/test/jest/'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'html'],
  maxWorkers: 1,
  // A repeated login of one account waits for the next TOTP window (≤ 30 s).
  testTimeout: 60_000,
  coverageDirectory: '../../coverage/api-e2e',
};
