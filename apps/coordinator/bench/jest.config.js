/** Benchmarks: run against a real broker, report numbers, assert nothing about speed. */
/** @type {import('jest').Config} */
module.exports = {
  preset: '@mdp/jest-preset',
  rootDir: '..',
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  testTimeout: 300_000,
};
