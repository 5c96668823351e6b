// `npm run test:torture`: the torture scenarios (test/torture/) at full scale. `npm test` runs the same specs at the
// short scale (they match jest.config.js too); test/torture/figures.ts reads TORTURE.
import base from './jest.config.js';

process.env.TORTURE = 'full';

/** @type {import('jest').Config} */
export default {
  ...base,
  roots: ['<rootDir>/test/torture'],
  testMatch: ['**/*.torture.e2e-spec.ts'],
  // One scenario at a time: each one loads the machine on purpose, and their figures should not disturb each other.
  maxWorkers: 1,
  testTimeout: 600_000,
};
