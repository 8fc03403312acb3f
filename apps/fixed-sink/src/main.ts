import { createLogger } from '@mdp/runtime/logger';
import { onShutdown } from '@mdp/runtime/shutdown';
import { APP_NAME, createApp } from './app';
import { loadConfig } from './config';

/** Loads config, builds the app, traps signals; a failed start exits non-zero with the reason logged. */
function main(): void {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    createLogger({ service: APP_NAME }).fatal({ err: error }, 'invalid configuration');
    process.exit(1);
  }
  const logger = createLogger({ service: APP_NAME, level: config.logLevel });
  const app = createApp(config, { logger, onFatal: (reason) => void shutdown.shutdown(reason, 1) });
  // Room for the drain (buffered batches, then the machine's own drain) before a forced exit.
  const shutdown = onShutdown(logger, () => app.stop(), { timeoutMs: 2 * config.drainTimeoutMs + 10_000 });
  app.start().catch((error: unknown) => {
    logger.fatal({ err: error }, 'fixed-sink failed to start');
    void shutdown.shutdown('start failed', 1);
  });
}

main();
