// jest runs in ESM mode (Nest 12 and AdminJS 7 are ESM-only): `node --experimental-vm-modules` in `npm test`.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  // The torture scenarios' figures (test/torture/figures.ts) as one table at the end of the run.
  reporters: ['default', '<rootDir>/test/torture/figures-reporter.mjs'],
  testTimeout: 30000,
  maxWorkers: 2,
};
