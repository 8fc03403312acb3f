import { runService } from '@mdp/runtime/service-main';
import { APP_NAME, createApp } from './app';
import { loadConfig } from './config';

void runService({
  name: APP_NAME,
  loadConfig,
  createApp,
  // Room for the drain (buffered batches, then the machine's own drain) before a forced exit.
  shutdownTimeoutMs: (config) => 2 * config.drainTimeoutMs + 10_000,
});
