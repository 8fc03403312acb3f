// The preset tests itself: its own config is the preset, with rootDir here.
/** @type {import('jest').Config} */
module.exports = { preset: '<rootDir>' };
