/** @type {import('jest').Config} */
module.exports = {
  preset: '@mdp/jest-preset',
  testMatch: ['<rootDir>/src/**/*.e2e.test.ts', '<rootDir>/src/**/*.unit.test.ts'],
  // Each e2e file runs five processes (four services and the simulator): one file at a time.
  maxWorkers: 1,
  testTimeout: 180_000,
  // The preset starts infra only for *.int.test.ts files; these start it for *.e2e.test.ts ones.
  globalSetup: require.resolve('./jest.global-setup.js'),
  globalTeardown: require.resolve('./jest.global-teardown.js'),
};
