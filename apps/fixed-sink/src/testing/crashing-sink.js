// The built sink run by the real entry point as dist/main.js runs it, with one bug put into its
// machine: the action that takes in a batch throws. The root machine fails on the first batch.
const { runService } = require('@mdp/runtime/service-main');
const { APP_NAME, createApp } = require('../../dist/app');
const { loadConfig } = require('../../dist/config');

const bug = {
  actions: {
    receiveBatch: () => {
      throw new Error('a bug in the sink machine');
    },
  },
};

void runService({
  name: APP_NAME,
  loadConfig,
  createApp: (config, context) => createApp(config, { ...context, provide: bug }),
  shutdownTimeoutMs: () => 10_000,
});
