/** How much hostile input one run sends. `smoke` runs inside `npm test`; `full` is `npm run fuzz`. */
export type FuzzScale = {
  name: 'smoke' | 'full';
  wsFrames: number;
  floodFrames: number;
  httpRequests: number;
  slowSenders: number;
  kafkaRecordsPerTopic: number;
  /** Share of 500-900 kB records among the Kafka ones. */
  hugeRecordShare: number;
  /** Each phase stops sending at this time even when its count is not reached (reported). */
  phaseTimeoutMs: number;
  /** Resident memory cap per service process, MiB. */
  rssCapMb: number;
  seed: number;
  /** Input kinds left out (MDP_FUZZ_SKIP, comma-separated): to see past a known bug while it is open. */
  skip: ReadonlySet<string>;
};

const SCALES = {
  smoke: {
    wsFrames: 1_500,
    floodFrames: 100,
    httpRequests: 600,
    slowSenders: 4,
    kafkaRecordsPerTopic: 100,
    hugeRecordShare: 0.02,
    phaseTimeoutMs: 60_000,
  },
  full: {
    wsFrames: 10_000,
    floodFrames: 300,
    httpRequests: 5_000,
    slowSenders: 24,
    kafkaRecordsPerTopic: 1_000,
    hugeRecordShare: 0.005,
    phaseTimeoutMs: 300_000,
  },
} as const;

/** MDP_FUZZ_SCALE (smoke|full, default smoke), MDP_FUZZ_SEED, MDP_FUZZ_RSS_CAP_MB (default 512), MDP_FUZZ_SKIP. */
export function fuzzScale(env: Record<string, string | undefined>): FuzzScale {
  const name = env.MDP_FUZZ_SCALE ?? 'smoke';
  if (name !== 'smoke' && name !== 'full')
    throw new Error(`MDP_FUZZ_SCALE must be smoke or full, not ${name}`);
  const seed = Number(env.MDP_FUZZ_SEED ?? 20_261_203);
  const rssCapMb = Number(env.MDP_FUZZ_RSS_CAP_MB ?? 512);
  if (!Number.isInteger(seed) || !(rssCapMb > 0))
    throw new Error('MDP_FUZZ_SEED must be an integer, MDP_FUZZ_RSS_CAP_MB positive');
  const skip = new Set(
    (env.MDP_FUZZ_SKIP ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  );
  return { name, ...SCALES[name], rssCapMb, seed, skip };
}
