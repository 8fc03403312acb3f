import { parseArgs } from 'node:util';
import type { SimulatorOptionsInput } from './options';
import { parseOptions } from './options';

/** Flags, each with its environment variable (flags win). */
const settings = {
  port: { env: 'SIM_PORT', kind: 'int' },
  host: { env: 'SIM_HOST', kind: 'string' },
  pairs: { env: 'SIM_PAIRS', kind: 'list' },
  seed: { env: 'SIM_SEED', kind: 'int' },
  'tick-rate': { env: 'SIM_TICK_RATE', kind: 'number' },
  'api-key': { env: 'SIM_API_KEY', kind: 'string' },
  'heartbeat-ms': { env: 'SIM_HEARTBEAT_MS', kind: 'int' },
  'candle-update-ms': { env: 'SIM_CANDLE_UPDATE_MS', kind: 'int' },
  'max-sockets': { env: 'SIM_MAX_SOCKETS', kind: 'int' },
  'max-subs': { env: 'SIM_MAX_SUBS', kind: 'int' },
  'rate-limit': { env: 'SIM_RATE_LIMIT', kind: 'limits' },
} as const;

type Name = keyof typeof settings;

export const cliUsage = `Usage: node dist/cli.js [options]   (each option also as an env var)
  --port 8090 (SIM_PORT)             --host 127.0.0.1 (SIM_HOST)
  --pairs BTC-USD,ETH-USD (SIM_PAIRS) --seed 1 (SIM_SEED)   --tick-rate 1 (SIM_TICK_RATE, updates/s/pair)
  --api-key KEY (SIM_API_KEY)        --heartbeat-ms 30000 (SIM_HEARTBEAT_MS)
  --candle-update-ms 10000 (SIM_CANDLE_UPDATE_MS)
  --max-sockets 1 (SIM_MAX_SOCKETS)  --max-subs 600 (SIM_MAX_SUBS)
  --rate-limit second=50,minute=2000,hour=100000 (SIM_RATE_LIMIT)`;

/** CLI flags and SIM_* env vars → validated simulator options; throws listing every problem. */
export function loadCliOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SimulatorOptionsInput {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.keys(settings).map((name) => [name, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  });
  const problems: string[] = [];
  const raw = (name: Name): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : env[settings[name].env];
  };
  const number = (name: Name): number | undefined => {
    const text = raw(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value))
      problems.push(`--${name} (${settings[name].env}) is not a number: ${text}`);
    return value;
  };
  const options: SimulatorOptionsInput = {
    port: number('port') ?? 8090,
    host: raw('host'),
    pairs: raw('pairs')
      ?.split(',')
      .map((pair) => pair.trim())
      .filter(Boolean),
    seed: number('seed'),
    tickRate: number('tick-rate'),
    apiKey: raw('api-key') || undefined,
    heartbeatMs: number('heartbeat-ms'),
    candleUpdateMs: number('candle-update-ms'),
    maxSocketsPerKey: number('max-sockets'),
    maxSubsPerSocket: number('max-subs'),
    rateLimit: limits(raw('rate-limit'), problems),
  };
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  try {
    parseOptions(defined);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return defined;
}

function limits(text: string | undefined, problems: string[]): SimulatorOptionsInput['rateLimit'] {
  if (text === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [window, value] = part.split('=');
    if (
      !window ||
      !['second', 'minute', 'hour', 'day', 'month'].includes(window.trim()) ||
      !Number.isInteger(Number(value))
    ) {
      problems.push(
        `--rate-limit part "${part}" is not window=calls (windows: second, minute, hour, day, month)`,
      );
      continue;
    }
    out[window.trim()] = Number(value);
  }
  return out;
}
