import { ensureReplicatedTopics } from '@mdp/runtime/ensure-replicated-topics';
import type { Logger } from '@mdp/runtime/logger';
import { controlTopicSpecs } from '@mdp/runtime/platform-topics';
import type { Admin, Kafka } from 'kafkajs';
import type { CoordinatorMetrics } from '../metrics';
import { createRegistryHealth, type RegistryHealth } from './health';
import type { RegistryView } from './view';

/** Well inside the broker's offset retention (offsets.retention.minutes, 7 days by default). */
const SEAL_RENEW_MS = 3_600_000;

export type RegistryInspection = RegistryHealth & { partitions: number[] };

/**
 * The registry's side of reconciliation: finds it missing or replaced, recreates it and writes back
 * every record this process still holds (its view outlives the topic), and says whether the read is
 * complete. Never deletes anything.
 */
export function createRegistryGuard(deps: {
  kafka: Kafka;
  view: RegistryView;
  topic: string;
  sealGroup: string;
  /** `KAFKA_REPLICATION_FACTOR` (undefined: min(3, brokers)), as for every topic the platform creates. */
  replicationFactor: number | undefined;
  logger: Logger;
  metrics: CoordinatorMetrics;
}) {
  const { view, topic, logger, metrics } = deps;
  const health = createRegistryHealth({ topic, sealGroup: deps.sealGroup });

  /** Set until every record was written back: a failed write-back is retried on the next pass. */
  let restorePending = false;

  /** Writes back what this process knows: a restored record is the best any coordinator can do. */
  async function restore(why: 'missing' | 'replaced'): Promise<void> {
    restorePending = true;
    const records = [...view.values()];
    view.forgetReadPositions();
    for (const record of records) await view.put(record);
    restorePending = false;
    metrics.registryRestores.inc({ cause: why });
    logger.error(
      { topic, cause: why, restored: records.length },
      'registry topic was lost; wrote back the records this coordinator held',
    );
  }

  /**
   * Every registry call goes through a fresh admin client: once a kafkajs admin fetched offsets of a
   * topic, its metadata refreshes ask for that topic too, and fail (after retrying for many seconds)
   * while the topic is gone, creating it again included.
   */
  async function withAdmin<T>(run: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = deps.kafka.admin();
    await admin.connect();
    try {
      return await run(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Renewing the seal costs a consumer group join (kafkajs setOffsets): once an hour is plenty. */
  let sealedAt = Number.NEGATIVE_INFINITY;
  let sealing: Promise<void> | undefined;

  return {
    inspect: (): Promise<RegistryInspection> =>
      withAdmin(async (admin) => {
        if (!(await admin.listTopics()).includes(topic)) {
          const spec = controlTopicSpecs({ requests: '', events: '', registry: topic }).find(
            (s) => s.topic === topic,
          );
          if (spec)
            await ensureReplicatedTopics(admin, [spec], {
              replicationFactor: deps.replicationFactor,
              logger,
            });
          await restore('missing');
          return { complete: false, gaps: ['missing'], partitions: [] };
        }
        const offsets = await admin.fetchTopicOffsets(topic);
        const caughtUp = await view.catchUp(10_000, offsets);
        const result = await health.check(admin, {
          exists: true,
          caughtUp,
          offsets,
          readUpTo: view.readPositions(),
        });
        if (restorePending || result.gaps.includes('replaced')) {
          await restore('replaced');
          return { complete: false, gaps: ['replaced'], partitions: [] };
        }
        return { ...result, partitions: offsets.map((p) => p.partition) };
      }),

    /**
     * Seals the registry (`fresh`: it was not sealed) or renews the seal now and then, in the
     * background: kafkajs commits it through a consumer group join, seconds a takeover must not wait.
     */
    seal(partitions: readonly number[], fresh: boolean): void {
      if (sealing || (!fresh && Date.now() - sealedAt < SEAL_RENEW_MS)) return;
      sealing = withAdmin((admin) => health.seal(admin, partitions))
        .then(() => {
          sealedAt = Date.now();
          if (fresh) logger.info({ topic }, 'registry sealed: it accounts for every dynamic topic');
        })
        .catch((e: unknown) =>
          logger.warn({ err: e, topic }, 'could not seal the registry; next pass retries'),
        )
        .finally(() => {
          sealing = undefined;
        });
    },

    /** Waits for a seal in progress (on stop). */
    settle: async (): Promise<void> => {
      await sealing;
    },
  };
}

export type RegistryGuard = ReturnType<typeof createRegistryGuard>;
