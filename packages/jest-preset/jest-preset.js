// Shared jest preset: TypeScript through SWC (transpile only; `tsc` does the type checking),
// and workspace packages resolved to their TypeScript source through the `@mdp/source`
// export condition, so tests never need a build of the packages they import.
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
  moduleFileExtensions: ['ts', 'js', 'json'],
};
