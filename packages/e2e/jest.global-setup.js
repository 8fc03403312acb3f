// Jest global setup for the e2e suite: a real broker and PostgreSQL once per run, as the preset
// does for integration tests (it recognises only *.int.test.ts files, hence this file).
//  - KAFKA_BROKERS and DATABASE_URL both set (root npm test, CI, you): used as they are.
//  - No *.e2e.test.ts file selected, or MDP_UNIT_ONLY=1: nothing started.
//  - Otherwise @mdp/local-infra's resolveInfra, loaded by path like the preset does (jest
//    compiles the TypeScript source, so nothing has to be built first).
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const RESOLVE_INFRA = join(__dirname, '..', 'local-infra', 'src', 'resolve-infra.ts');

function selectsE2eTests(globalConfig, rootDir) {
  if (process.env.MDP_UNIT_ONLY === '1') return false;
  const files = readdirSync(join(rootDir, 'src'))
    .filter((name) => name.endsWith('.e2e.test.ts'))
    .map((name) => join(rootDir, 'src', name));
  const patterns = globalConfig.testPathPatterns;
  if (!patterns || typeof patterns.toExecutor !== 'function') return files.length > 0;
  const executor = patterns.toExecutor({ rootDir });
  return files.some((file) => executor.isMatch(file));
}

module.exports = async function globalSetup(globalConfig, projectConfig) {
  if (process.env.KAFKA_BROKERS && process.env.DATABASE_URL) return;
  if (!selectsE2eTests(globalConfig, projectConfig.rootDir)) return;
  const { resolveInfra } = require(RESOLVE_INFRA);
  const infra = await resolveInfra();
  globalThis.__MDP_E2E_INFRA__ = infra;
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.DATABASE_URL = infra.databaseUrl;
};
