import type { TopicRecord } from '@mdp/contracts/control';
import type { Logger } from '@mdp/runtime/logger';
import type { RegistryReader } from '@mdp/runtime/registry-reader';
import type { ControlPublisher } from '../kafka/control-publisher';
import type { ProducerMetrics } from '../metrics';
import type { Pair } from '../pairs';
import { activeTopics } from './active-topics';
import type { DynamicRouter } from './router';

/**
 * Follows the registry: active dynamic topics of the namespace get the matching data (the router),
 * announced with PublishStarted/PublishStopped; the pairs they need go to `onNeededPairs`.
 */
export function createDynamicTopics(opts: {
  router: DynamicRouter;
  control: ControlPublisher;
  namespace: string;
  metrics: ProducerMetrics;
  logger: Logger;
  onNeededPairs: (pairs: Pair[]) => void;
}) {
  let reader: RegistryReader<TopicRecord> | null = null;
  let announcing = Promise.resolve();

  const announce = (work: () => Promise<void>) => {
    // In order, one at a time; a failed announcement is logged, publishing goes on regardless.
    announcing = announcing
      .then(work)
      .catch((e: unknown) => opts.logger.warn({ err: e }, 'announcement failed'));
  };

  return {
    attach(r: RegistryReader<TopicRecord>): void {
      reader = r;
    },
    /** Recomputes the active set from the registry view (after catch-up and on every live change). */
    refresh(): void {
      if (!reader?.isCaughtUp()) return;
      const { started, stopped } = opts.router.setActive(activeTopics(reader.entries(), opts.namespace));
      opts.metrics.dynamicTopics.set(opts.router.activeTopics().length);
      for (const topic of started) {
        opts.logger.info({ topic }, 'publishing to dynamic topic');
        announce(() => opts.control.publishStarted(topic));
      }
      for (const topic of stopped) {
        const status = reader.get(topic)?.data.status ?? 'removed';
        opts.logger.info({ topic, status }, 'stopped publishing to dynamic topic');
        announce(() => opts.control.publishStopped(topic, `topic is ${status}`));
      }
      if (started.length > 0 || stopped.length > 0) opts.onNeededPairs(opts.router.neededPairs());
    },
    /** On shutdown: every active topic is announced stopped; resolves when the announcements are out. */
    async stopAll(reason: string): Promise<void> {
      for (const topic of opts.router.activeTopics())
        announce(() => opts.control.publishStopped(topic, reason));
      opts.router.setActive(new Map());
      await announcing;
    },
  };
}

export type DynamicTopics = ReturnType<typeof createDynamicTopics>;
