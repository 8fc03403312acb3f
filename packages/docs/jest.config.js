/** @type {import('jest').Config} */
module.exports = { preset: '@mdp/jest-preset' };
