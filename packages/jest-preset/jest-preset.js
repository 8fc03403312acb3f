// Shared jest preset: TypeScript through SWC (transpile only; `tsc` does the type checking),
// and workspace packages resolved to their TypeScript source through the `@mdp/source`
// export condition, so tests never need a build of the packages they import. Integration
// tests (*.int.test.ts) get KAFKA_BROKERS and DATABASE_URL from the global setup.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['@mdp/source', 'node', 'require', 'default'] },
  transform: {
    '^.+\\.ts$': [
      require.resolve('@swc/jest'),
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'commonjs' } },
    ],
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  // *.cluster.test.ts start three-node clusters of their own: only `npm run test:cluster` runs them.
  testPathIgnorePatterns: ['/node_modules/', '\\.cluster\\.test\\.ts$'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // A real broker and PostgreSQL for integration tests, started once per run (see README.md).
  globalSetup: require.resolve('./global-setup.js'),
  globalTeardown: require.resolve('./global-teardown.js'),
  // CI: a failed integration or end-to-end test runs once more and is reported as flaky.
  setupFilesAfterEnv: [require.resolve('./retry-in-ci.js')],
  // The default output, plus counts for the root `npm test` summary when it asks for them.
  reporters: ['default', require.resolve('./results-reporter.js')],
};
