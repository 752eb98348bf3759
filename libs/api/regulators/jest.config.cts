module.exports = {
  displayName: 'api-regulators',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // The agenda's public index reaches identity, whose otplib entry needs ESM-only packages: use its bundle.
  moduleNameMapper: { '^otplib$': '<rootDir>/../../../tools/test/jest/otplib.cjs' },
  transformIgnorePatterns: ['/node_modules/', '/tools/test/jest/'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/regulators',
};
