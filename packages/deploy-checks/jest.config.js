/** @type {import('jest').Config} */
module.exports = {
  preset: '@mdp/jest-preset',
  // These checks read files and run kubectl/node: no broker or database, so no infra setup.
  globalSetup: undefined,
  globalTeardown: undefined,
};
