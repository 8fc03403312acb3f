import type { BackoffOptions } from './backoff.js';
import type { Position, StreamSpec } from './types.js';

/** A spec (`{kind, symbols, quote, market?, samplingMs?}`) or the name of a topic. */
export type StreamTarget = StreamSpec | string;

export type StreamOptions = {
  transport?: 'sse' | 'ws';
  /** Start after this position (resume); without it the stream starts now. */
  from?: Position;
  /** Start at the first messages at or after this time (epoch ms). */
  fromTs?: number;
  /** Start with the last N candles per pair (candles) or the latest tick per pair (ticks) from the database. */
  snapshot?: number;
  /** The gateway's slow-client policy for this stream. */
  policy?: 'drop-oldest' | 'latest-per-pair' | 'disconnect';
  /** Reconnect delays (capped, jittered); default 250 ms doubling up to 15 s. */
  backoff?: BackoffOptions;
};

/**
 * Where a (re)connect starts: after the last position when there is one, else as first asked.
 * A snapshot or `fromTs` is only for the first connect: a resume never repeats it.
 */
export function startOf(
  options: StreamOptions,
  position: Position | undefined,
): { from?: Position; fromTs?: number; snapshot?: number } {
  if (position !== undefined) return { from: position };
  if (options.from !== undefined) return { from: options.from };
  return {
    ...(options.fromTs !== undefined ? { fromTs: options.fromTs } : {}),
    ...(options.snapshot !== undefined ? { snapshot: options.snapshot } : {}),
  };
}

/** The target of a (re)connect: the topic once the gateway named it (stable), else what was asked. */
export function targetOf(
  target: StreamTarget,
  topic: string | undefined,
): { topic: string } | { spec: StreamSpec } {
  if (topic !== undefined) return { topic };
  return typeof target === 'string' ? { topic: target } : { spec: target };
}
