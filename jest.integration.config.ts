/**
 * Integration tier: every `*.integration-spec.ts` under libs/api/*, apps/api
 * and tools/test, against a real PostgreSQL. Run it through
 * `npm run test:integration`, which starts a throwaway cluster and sets
 * TEST_PG_ADMIN_URL; each suite creates its own database
 * (tools/test/integration-database.ts).
 *
 * Each project's own jest.config.cts is reused (transform, setup files…) with
 * only testMatch swapped, so unit and integration specs compile alike.
 */
import type { Config } from 'jest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = __dirname;

// otplib's CommonJS entry requires ESM-only packages that jest's module
// system cannot load: map it to otplib's self-contained bundle.
const otplibForJest = join(root, 'tools', 'test', 'jest', 'otplib.cjs');

function projectDirs(): string[] {
  const libs = join(root, 'libs', 'api');
  const dirs = readdirSync(libs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(libs, entry.name));
  return [...dirs, join(root, 'apps', 'api'), join(root, 'tools', 'test')].filter((dir) =>
    existsSync(join(dir, 'jest.config.cts')),
  );
}

function integrationProject(dir: string): NonNullable<Config['projects']>[number] {
  const loaded = require(join(dir, 'jest.config.cts'));
  const base = loaded.default ?? loaded;
  return {
    ...base,
    rootDir: dir,
    displayName: `${base.displayName ?? dir}:integration`,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.integration-spec.ts', '<rootDir>/*.integration-spec.ts'],
    moduleNameMapper: { '^otplib$': otplibForJest, ...base.moduleNameMapper },
    transformIgnorePatterns: ['/node_modules/', '/tools/test/jest/'],
  };
}

const config: Config = {
  projects: projectDirs().map(integrationProject),
  // One PostgreSQL cluster for all suites; two workers at most (2-core machines).
  maxWorkers: 2,
  testTimeout: 60_000,
};

export default config;
