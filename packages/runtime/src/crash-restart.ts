import type { Consumer } from 'kafkajs';
import type { BackoffOptions } from './backoff';
import type { Logger } from './logger';
import { retry } from './retry';

/** 0.5 s, then doubling, at most 10 s apart. */
const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000, jitter: 'equal' };

/**
 * kafkajs restarts a crashed consumer only after an error it judges retriable; after a final one
 * (e.g. "Failed to find group coordinator" as the broker goes away) the consumer stays stopped and
 * the service would never read again. This restarts it with `run` (connect, subscribe, run), with
 * the runtime's retry loop (a backoff before every try), until it runs again or `stop()` is called.
 */
export function restartAfterFinalCrash(opts: {
  consumer: Consumer;
  run(): Promise<void>;
  logger: Logger;
  backoff?: BackoffOptions;
}): { stop(): void } {
  const stopping = new AbortController();
  let restarting = false;
  opts.consumer.on(opts.consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || restarting || stopping.signal.aborted) return;
    restarting = true;
    retry(() => opts.run(), {
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      waitFirst: true,
      signal: stopping.signal,
      onRetry: ({ error, attempt, delayMs }) => {
        if (error) opts.logger.warn({ err: error }, 'consumer restart failed');
        opts.logger.warn({ delayMs, attempt: attempt + 1 }, 'restarting a consumer kafkajs gave up on');
      },
    })
      .catch(() => {
        // Only a stop ends the loop early: nothing to report.
      })
      .finally(() => {
        restarting = false;
      });
  });
  return {
    stop() {
      stopping.abort(new Error('stopped'));
    },
  };
}
