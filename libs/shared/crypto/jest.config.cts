module.exports = {
  displayName: 'shared-crypto',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  // Key generation (RSA 2048 in one test) and PBKDF2 at the default 600,000
  // iterations take seconds on a loaded 2-core machine: jest's 5-s default
  // made them fail under load, not because of a fault.
  testTimeout: 30_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/shared/crypto',
};
