// Jest global setup: once per jest run, make sure KAFKA_BROKERS and DATABASE_URL point at a
// real broker and database. Workers inherit process.env as it is after this function.
//  - Both already set (npm test at the root, CI, or you): used as they are, nothing started.
//  - No integration test selected (see needs-infra.js) or MDP_UNIT_ONLY=1: nothing started.
//  - Otherwise @mdp/local-infra's resolveInfra starts containers or the local broker.
const { join } = require('node:path');
const { needsInfra } = require('./needs-infra');

// @mdp/local-infra's TypeScript source, by path: the preset must not depend on local-infra
// (whose own tests use this preset), and must work before anything is built. Jest compiles
// it: its transform hook stays active while the global setup runs.
const RESOLVE_INFRA = join(__dirname, '..', 'local-infra', 'src', 'resolve-infra.ts');

module.exports = async function globalSetup(globalConfig, projectConfig) {
  if (process.env.KAFKA_BROKERS && process.env.DATABASE_URL) return;
  if (!needsInfra(globalConfig, projectConfig)) return;

  const { resolveInfra } = require(RESOLVE_INFRA);
  const infra = await resolveInfra();
  // Read back by global-teardown.js, which runs in this same process.
  globalThis.__MDP_TEST_INFRA__ = {
    infra,
    previous: { KAFKA_BROKERS: process.env.KAFKA_BROKERS, DATABASE_URL: process.env.DATABASE_URL },
  };
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.DATABASE_URL = infra.databaseUrl;
};
