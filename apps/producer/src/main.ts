import { ConfigError } from '@mdp/runtime/config';
import { createLogger } from '@mdp/runtime/logger';
import { onShutdown } from '@mdp/runtime/shutdown';
import { createApp } from './app';
import { loadConfig } from './config';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    const logger = createLogger({ service: 'producer' });
    logger.fatal(
      {
        problems: e instanceof ConfigError ? e.problems : undefined,
        err: e instanceof ConfigError ? undefined : e,
      },
      'invalid configuration',
    );
    process.exit(2);
  }
  const logger = createLogger({ service: 'producer', level: config.logLevel });
  const app = createApp(config, { logger });
  const shutdown = onShutdown(logger, (reason) => app.stop(reason), { timeoutMs: 45_000 });
  try {
    await app.start();
  } catch (e) {
    logger.fatal({ err: e }, 'producer failed to start');
    await shutdown.shutdown('failed start', 1);
  }
}

void main();
