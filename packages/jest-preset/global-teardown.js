// Jest global teardown: stops what global-setup.js started (nothing when it started nothing).
module.exports = async function globalTeardown() {
  const state = globalThis.__MDP_TEST_INFRA__;
  if (!state) return;
  globalThis.__MDP_TEST_INFRA__ = undefined;
  for (const [name, value] of Object.entries(state.previous)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await state.infra.stop();
};
