/** @type {import('jest').Config} */
module.exports = {
  preset: '@mdp/jest-preset',
  testMatch: ['<rootDir>/src/**/*.e2e.test.ts', '<rootDir>/src/**/*.unit.test.ts'],
  // The fuzz run starts five processes and floods them: one file at a time.
  maxWorkers: 1,
  testTimeout: 600_000,
  // Broker and PostgreSQL as @mdp/e2e gets them (the preset starts infra only for *.int.test.ts).
  globalSetup: require.resolve('@mdp/e2e/jest.global-setup.js'),
  globalTeardown: require.resolve('@mdp/e2e/jest.global-teardown.js'),
};
