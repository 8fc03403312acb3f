import { ConfigError } from '@mdp/runtime/config';
import { createLogger } from '@mdp/runtime/logger';
import { onShutdown } from '@mdp/runtime/shutdown';
import { createApp } from './app';
import { loadConfig } from './config';

/** Loads the config, builds the app, traps signals; a failed start exits non-zero with the reason. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    const problems = e instanceof ConfigError ? e.message : String(e);
    createLogger({ service: 'coordinator' }).fatal({ problems }, 'invalid configuration');
    process.exit(2);
  }
  const logger = createLogger({ service: 'coordinator', level: config.logLevel });
  const app = createApp(config, { logger });
  onShutdown(logger, () => app.stop(), { timeoutMs: 15_000 });
  try {
    await app.start();
  } catch (e) {
    logger.fatal({ err: e }, 'start failed');
    process.exit(1);
  }
}

void main();
