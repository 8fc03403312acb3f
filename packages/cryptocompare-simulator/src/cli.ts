import { createLogger } from '@mdp/runtime/logger';
import { cliUsage, loadCliOptions } from './cli-config';
import type { SimEvent } from './events';
import { createSimulator } from './simulator';

// Runs the simulator as a process: one JSON log line per notable event and per HTTP request (the
// platform's logger, keys redacted), clean stop on signals.
// `node dist/cli.js --port 8090 --pairs BTC-USD,ETH-USD --seed 1 --tick-rate 2`

const logger = createLogger({ service: 'cryptocompare-simulator' });

function log(level: 'info' | 'warn' | 'error', fields: SimEvent): void {
  const { event, ...rest } = fields;
  logger[level](rest, event);
}

const warnings = new Set([
  'rest.rate_limited',
  'ws.refused',
  'ws.slow_consumer',
  'http.failed',
  'ws.message_failed',
]);

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (argv.includes('--help')) {
    process.stdout.write(`${cliUsage}\n`);
    return;
  }
  let simulator: ReturnType<typeof createSimulator>;
  try {
    const options = loadCliOptions(argv, env);
    simulator = createSimulator({
      ...options,
      logger,
      onEvent: (event) => log(warnings.has(event.event) ? 'warn' : 'info', event),
    });
  } catch (error) {
    log('error', { event: 'config.invalid', error: error instanceof Error ? error.message : String(error) });
    process.stderr.write(`${cliUsage}\n`);
    process.exitCode = 2;
    return;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', { event: 'stopping', signal });
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log('error', { event: 'stop.failed', error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  try {
    await simulator.start();
  } catch (error) {
    log('error', { event: 'start.failed', error: String(error) });
    process.exit(1);
  }
}

if (require.main === module) void runCli(process.argv.slice(2), process.env);
