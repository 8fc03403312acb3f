import type { Consumer } from 'kafkajs';
import { type BackoffOptions, backoffDelay } from './backoff';
import type { Logger } from './logger';

/** 0.5 s, then doubling, at most 10 s apart. */
const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000, jitter: 'equal' };

/**
 * kafkajs restarts a crashed consumer only after an error it judges retriable; after a final one
 * (e.g. "Failed to find group coordinator" as the broker goes away) the consumer stays stopped and
 * the service would never read again. This restarts it with `run` (connect, subscribe, run), with
 * backoff, until it runs again or `stop()` is called.
 */
export function restartAfterFinalCrash(opts: {
  consumer: Consumer;
  run(): Promise<void>;
  logger: Logger;
  backoff?: BackoffOptions;
}): { stop(): void } {
  let stopped = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  const later = () => {
    if (stopped) return;
    const delayMs = backoffDelay(attempt++, opts.backoff ?? DEFAULT_BACKOFF);
    opts.logger.warn({ delayMs, attempt }, 'restarting a consumer kafkajs gave up on');
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      opts.run().then(
        () => {
          attempt = 0;
        },
        (error: unknown) => {
          opts.logger.warn({ err: error }, 'consumer restart failed');
          later();
        },
      );
    }, delayMs);
  };
  opts.consumer.on(opts.consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) later();
  });
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
