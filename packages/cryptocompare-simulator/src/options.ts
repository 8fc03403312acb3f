import type { Logger } from '@mdp/runtime/logger';
import { z } from 'zod';
import type { Clock } from './clock';
import type { EventSink } from './events';
import { parsePair } from './market/symbols';
import type { Limits } from './rate-limiter';

const limits = z
  .strictObject({
    second: z.number().int().positive().optional(),
    minute: z.number().int().positive().optional(),
    hour: z.number().int().positive().optional(),
    day: z.number().int().positive().optional(),
    month: z.number().int().positive().optional(),
  })
  .optional();

export const simulatorOptionsSchema = z.strictObject({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  seed: z.number().int().default(1),
  /** Pairs ticking on CCCAGG from the start; any other known pair starts when first requested. */
  pairs: z
    .array(z.string().refine((text) => parsePair(text) !== null, { message: 'pairs look like BTC-USD' }))
    .default(['BTC-USD']),
  /** Updates per second per pair. */
  tickRate: z.number().positive().max(1000).default(1),
  symbols: z
    .strictObject({
      bases: z.array(z.string().min(1).max(30)).min(1).optional(),
      quotes: z.array(z.string().min(1).max(30)).min(1).optional(),
      exchanges: z.array(z.string().min(1).max(30)).optional(),
    })
    .optional(),
  /** When set, REST and the streamer refuse callers without this key. */
  apiKey: z.string().min(1).optional(),
  rateLimit: limits,
  streamerRateLimit: limits,
  maxSocketsPerKey: z.number().int().positive().default(1),
  maxSubsPerSocket: z.number().int().positive().default(600),
  heartbeatMs: z.number().int().positive().default(30_000),
  /** How often the in-progress minute is sent on type-24 channels. */
  candleUpdateMs: z.number().int().positive().default(10_000),
  /** Minute history generated behind each pair (7 days of retention plus one full 2000-point page). */
  historyMinutes: z
    .number()
    .int()
    .min(1)
    .max(30 * 1440)
    .default(7 * 1440 + 2001),
  emittedCapacity: z.number().int().positive().default(200_000),
});

export type SimulatorOptionsInput = z.input<typeof simulatorOptionsSchema> & {
  /** Defaults to the system clock; pass a manual clock to drive time in tests. */
  clock?: Clock;
  /** Receives notable events (connections, faults, rate-limit hits), never one per tick. */
  onEvent?: EventSink;
  /** The HTTP server's logger (access lines, failures); warnings only by default, for embedded use. */
  logger?: Logger;
};
export type SimulatorOptions = z.output<typeof simulatorOptionsSchema>;

// The official example plan of the api-guides README; generous enough for normal test traffic.
export const defaultRestLimits: Limits = {
  second: 50,
  minute: 2000,
  hour: 100_000,
  day: 1_500_000,
  month: 15_000_000,
};
// Socket openings, as documented for the streamer.
export const defaultStreamerLimits: Limits = {
  second: 30,
  minute: 60,
  hour: 1200,
  day: 10_000,
  month: 20_000,
};

/** Validates the options; throws one error listing every problem. */
export function parseOptions(input: SimulatorOptionsInput): SimulatorOptions {
  const { clock: _clock, onEvent: _onEvent, logger: _logger, ...data } = input;
  const parsed = simulatorOptionsSchema.safeParse(data);
  if (!parsed.success) throw new Error(`invalid simulator options:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function withDefaults(defaults: Limits, overrides: Partial<Limits> | undefined): Limits {
  return {
    ...defaults,
    ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)),
  };
}
