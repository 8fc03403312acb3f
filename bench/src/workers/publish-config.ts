import { z } from 'zod';
import { deadline } from './worker-runtime';

/** What both sides of the producer benchmark get: the same ticks, topics and routes. */
export const publishConfig = z.object({
  ...deadline,
  brokers: z.array(z.string()).min(1),
  namespace: z.string(),
  count: z.number().int().positive().max(5_000_000),
  pairs: z.number().int().positive().max(200),
  startMs: z.number().int().positive(),
  fixedTopic: z.string().min(1),
  dynamic: z.array(z.object({ topic: z.string(), quote: z.string(), symbols: z.array(z.string()) })),
  /** Messages per send (the runtime producer's maxBatchMessages). */
  batchSize: z.number().int().positive().max(100_000),
  /** Ticks handed to the producer and not yet acknowledged, at most (publish-path only). */
  maxOutstanding: z.number().int().positive().max(1_000_000),
});
export type PublishConfig = z.output<typeof publishConfig>;

/** Dynamic topics a tick goes to besides the fixed one. */
export function routesOf(c: PublishConfig, tick: { base: string; quote: string }): string[] {
  return c.dynamic.filter((d) => d.quote === tick.quote && d.symbols.includes(tick.base)).map((d) => d.topic);
}
