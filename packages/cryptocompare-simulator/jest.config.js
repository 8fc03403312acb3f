/** @type {import('jest').Config} */
module.exports = {
  preset: '@mdp/jest-preset',
  // The simulator's integration tests talk HTTP/WebSocket to the simulator only; they need no
  // broker or database, so the preset's infra setup is switched off here.
  globalSetup: undefined,
  globalTeardown: undefined,
};
