import { z } from 'zod';

const Counts = z
  .object({
    second: z.number().optional(),
    minute: z.number().optional(),
    hour: z.number().optional(),
    day: z.number().optional(),
    month: z.number().optional(),
  })
  .partial();
const RateLimitSchema = z.object({ calls_made: Counts, max_calls: Counts });

/** Wait used when the envelope gives no usable numbers: the per-second window is the usual culprit. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function untilNext(nowMs: number, periodMs: number): number {
  return periodMs - (nowMs % periodMs);
}

function untilNextMonth(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - nowMs;
}

/**
 * How long to wait after a Type 99 error: until the end of the largest window whose budget is used
 * up (`calls_made >= max_calls`; the API counts calendar windows in UTC).
 */
export function rateLimitWaitMs(rateLimit: unknown, nowMs: number): number {
  const parsed = RateLimitSchema.safeParse(rateLimit);
  if (!parsed.success) return DEFAULT_RATE_LIMIT_WAIT_MS;
  const { calls_made: made, max_calls: max } = parsed.data;
  const spent = (k: keyof typeof made) => {
    const m = made[k];
    const x = max[k];
    return m !== undefined && x !== undefined && x > 0 && m >= x;
  };
  if (spent('month')) return untilNextMonth(nowMs);
  if (spent('day')) return untilNext(nowMs, DAY);
  if (spent('hour')) return untilNext(nowMs, HOUR);
  if (spent('minute')) return untilNext(nowMs, MINUTE);
  if (spent('second')) return untilNext(nowMs, 1_000);
  return DEFAULT_RATE_LIMIT_WAIT_MS;
}
