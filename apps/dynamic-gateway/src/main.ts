import { ConfigError } from '@mdp/runtime/config';
import { createLogger } from '@mdp/runtime/logger';
import { onShutdown } from '@mdp/runtime/shutdown';
import { createApp } from './app';
import { loadConfig } from './config';
import { SOURCE } from './topics/control-plane';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
    process.exit(2);
  }
  const logger = createLogger({ service: SOURCE, level: config.logLevel });
  const app = createApp(config, { logger });
  const shutdown = onShutdown(logger, () => app.stop(), { timeoutMs: 15_000 });
  try {
    await app.start();
  } catch (e) {
    logger.fatal({ err: e }, 'dynamic-gateway failed to start');
    await shutdown.shutdown('failed start', 1);
  }
}

void main();
