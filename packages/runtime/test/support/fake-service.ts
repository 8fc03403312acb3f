// A service run by `runService` in a child process; FAKE_* variables choose how it misbehaves.
import { loadConfig } from '../../src/config';
import { enumVar, logLevelVar } from '../../src/config-vars';
import { runService } from '../../src/service-main';

const shape = {
  logLevel: logLevelVar(),
  mode: enumVar('FAKE_MODE', ['run', 'fail-start', 'crash', 'throw', 'reject', 'slow-stop'] as const, {
    default: 'run',
  }),
};

void runService({
  name: 'fake-service',
  loadConfig: (env) => loadConfig(shape, env),
  shutdownTimeoutMs: () => 300,
  createApp: (config, { logger, onFatal }) => {
    let timer: NodeJS.Timeout | undefined;
    return {
      port: () => 0,
      async start() {
        if (config.mode === 'fail-start') throw new Error('broker unreachable');
        // Keeps the process alive as a listening server would.
        timer = setInterval(() => {}, 1_000);
        logger.info('started');
        process.stdout.write('STARTED\n');
        if (config.mode === 'crash') setTimeout(() => onFatal('root machine failed', new Error('boom')), 20);
        if (config.mode === 'throw')
          setTimeout(() => {
            throw new Error('uncaught');
          }, 20);
        if (config.mode === 'reject') setTimeout(() => void Promise.reject(new Error('unhandled')), 20);
      },
      async stop(reason) {
        logger.info({ reason }, 'drained');
        if (config.mode === 'slow-stop') await new Promise((resolve) => setTimeout(resolve, 5_000));
        clearInterval(timer);
      },
    };
  },
});
