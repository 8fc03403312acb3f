import type { PauseReason } from '../kafka/fixed-consumer';
import type { SinkBatch } from './batch';
import type { BatchBuffer } from './buffer';

export type DispatcherOptions = {
  readonly buffer: BatchBuffer;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  /** Above this many buffered messages fetching pauses; it resumes below half of it. */
  readonly maxBuffered: number;
  /** Whether the machine can take a batch now (it is idle). */
  readonly canTake: () => boolean;
  readonly deliver: (batch: SinkBatch) => void;
  readonly setPaused: (reason: PauseReason, paused: boolean) => void;
  readonly onBufferSize?: (size: number) => void;
  readonly now?: () => number;
};

/**
 * Hands the machine a batch when it is idle and the buffer holds a full batch, or a partial one that
 * waited the flush interval (at once while draining). Applies backpressure on the fetcher.
 */
export function createDispatcher(opts: DispatcherOptions) {
  const now = opts.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let flushAll = false;
  let backpressure = false;

  const setBackpressure = (on: boolean) => {
    if (on === backpressure) return;
    backpressure = on;
    opts.setPaused('backpressure', on);
  };

  const schedule = () => {
    const oldest = opts.buffer.oldestBufferedAt();
    if (timer || oldest === undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        pump();
      },
      Math.max(0, oldest + opts.flushIntervalMs - now()),
    );
  };

  const pump = () => {
    const { buffer } = opts;
    if (buffer.size >= opts.maxBuffered) setBackpressure(true);
    if (
      opts.canTake() &&
      (flushAll ? buffer.size > 0 : buffer.isReady(now(), opts.batchSize, opts.flushIntervalMs))
    ) {
      const batch = buffer.take(opts.batchSize, now());
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (buffer.size < opts.maxBuffered / 2) setBackpressure(false);
      if (batch) opts.deliver(batch);
    }
    opts.onBufferSize?.(buffer.size);
    // A ready batch waits for the machine to become idle (which pumps); a partial one for its time.
    if (!flushAll && !buffer.isReady(now(), opts.batchSize, opts.flushIntervalMs)) schedule();
  };

  return {
    /** Call when messages were buffered or the machine became idle. */
    pump,
    /** Draining: every buffered message is written without waiting for the flush interval. */
    flushAll() {
      flushAll = true;
      pump();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
