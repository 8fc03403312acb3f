import type { Logger } from '@mdp/runtime/logger';
import { runService } from '@mdp/runtime/service-main';
import { cliUsage, loadCliOptions } from './cli-config';
import type { SimEvent } from './events';
import { parseOptions } from './options';
import { assertKnownPairs, createSimulator } from './simulator';

// Runs the simulator as a process through the platform's entry point: one JSON log line per notable
// event and per HTTP request, clean stop on signals, the platform's exit codes (2 for bad options).
// `node dist/cli.js --port 8090 --pairs BTC-USD,ETH-USD --seed 1 --tick-rate 2`

const warnings = new Set([
  'rest.rate_limited',
  'ws.refused',
  'ws.slow_consumer',
  'http.failed',
  'ws.message_failed',
]);

function log(logger: Logger, fields: SimEvent): void {
  const { event, ...rest } = fields;
  if (warnings.has(event)) logger.warn(rest, event);
  else logger.info(rest, event);
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (argv.includes('--help')) {
    process.stdout.write(`${cliUsage}\n`);
    return;
  }
  await runService({
    name: 'cryptocompare-simulator',
    env,
    loadConfig: (vars) => {
      try {
        const options = loadCliOptions(argv, vars);
        assertKnownPairs(parseOptions(options));
        return { options, logLevel: 'info' as const };
      } catch (error) {
        process.stderr.write(`${cliUsage}\n`);
        throw error;
      }
    },
    createApp: ({ options }, { logger }) => {
      const simulator = createSimulator({ ...options, logger, onEvent: (event) => log(logger, event) });
      let port = 0;
      return {
        async start() {
          port = (await simulator.start()).port;
        },
        stop: () => simulator.stop(),
        port: () => port,
      };
    },
  });
}

if (require.main === module) void runCli(process.argv.slice(2), process.env);
