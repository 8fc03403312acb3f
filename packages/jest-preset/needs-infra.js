// Decides whether a jest run needs the real broker and database: only when at least one
// integration test file (*.int.test.ts) in the project is selected by the run's path
// patterns. `jest --testPathPatterns unit` (every workspace's test:unit) then starts nothing.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const INTEGRATION_TEST = /\.int\.test\.[cm]?[jt]s$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.turbo', '.git']);

/** Every integration test file under `dir`, as absolute paths. */
function findIntegrationTests(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : findIntegrationTests(path);
    return INTEGRATION_TEST.test(entry.name) ? [path] : [];
  });
}

/** Jest 30 hands globalSetup a TestPathPatterns object; match paths the way jest itself does. */
function pathMatcher(globalConfig, rootDir) {
  const patterns = globalConfig.testPathPatterns;
  if (patterns && typeof patterns.toExecutor === 'function') {
    const executor = patterns.toExecutor({ rootDir });
    return (path) => executor.isMatch(path);
  }
  const list = Array.isArray(patterns) ? patterns : [];
  return (path) => list.length === 0 || list.some((pattern) => new RegExp(pattern, 'i').test(path));
}

function needsInfra(globalConfig, projectConfig, env = process.env) {
  if (env.MDP_UNIT_ONLY === '1') return false;
  const rootDir = projectConfig.rootDir;
  const roots = projectConfig.roots && projectConfig.roots.length > 0 ? projectConfig.roots : [rootDir];
  const matches = pathMatcher(globalConfig, rootDir);
  return roots.some((root) => findIntegrationTests(root).some(matches));
}

module.exports = { needsInfra, findIntegrationTests };
