// `npm run test:cluster`: only the *.cluster.test.ts files, which start clusters of their own.
/** @type {import('jest').Config} */
module.exports = {
  preset: '@mdp/jest-preset',
  testMatch: ['<rootDir>/src/**/*.cluster.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
