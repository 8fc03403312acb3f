// Writes each jest run's counts to $MDP_JEST_RESULTS_DIR (set by scripts/test.mjs), so the
// root test runner can print one summary over all workspaces. Does nothing when unset.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

function packageName(rootDir) {
  try {
    return JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).name || basename(rootDir);
  } catch {
    return basename(rootDir);
  }
}

/** Tests that passed only after a retry (see retry-in-ci.js), as `file: test name`. */
function flakyTests(results, rootDir) {
  return results.testResults.flatMap((file) =>
    file.testResults
      .filter((t) => t.status === 'passed' && (t.invocations ?? 1) > 1)
      .map((t) => `${file.testFilePath.replace(`${rootDir}/`, '')}: ${t.fullName}`),
  );
}

class ResultsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.MDP_JEST_RESULTS_DIR;
    if (!dir) return;
    const name = packageName(this.rootDir);
    const summary = {
      package: name,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      // Suites that crashed before running any test (syntax error, throwing import, failed hook).
      brokenSuites: results.numRuntimeErrorTestSuites,
      flaky: flakyTests(results, this.rootDir),
    };
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${name.replace(/[^a-zA-Z0-9._-]+/g, '_')}-${process.pid}.json`),
      JSON.stringify(summary),
    );
  }
}

module.exports = ResultsReporter;
module.exports.flakyTests = flakyTests;
