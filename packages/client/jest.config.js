/** @type {import('jest').Config} */
export default {
  preset: '@mdp/jest-preset',
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/examples/**/*.test.ts'],
  // The sources are ESM and import each other with `.js`; jest runs them as CommonJS from `.ts`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
