// Stops what jest.global-setup.js started (nothing when it started nothing).
module.exports = async function globalTeardown() {
  const infra = globalThis.__MDP_E2E_INFRA__;
  if (!infra) return;
  globalThis.__MDP_E2E_INFRA__ = undefined;
  delete process.env.KAFKA_BROKERS;
  delete process.env.DATABASE_URL;
  await infra.stop();
};
