import type { Logger } from '@mdp/runtime/logger';
import { controlTopicSpecs } from '@mdp/runtime/platform-topics';
import { ensureTopics } from '@mdp/runtime/topics';
import type { Admin } from 'kafkajs';
import type { CoordinatorMetrics } from './metrics';
import { createRegistryHealth, type RegistryHealth } from './registry-health';
import type { RegistryView } from './registry-view';

export type RegistryInspection = RegistryHealth & { partitions: number[] };

/**
 * The registry's side of reconciliation: finds it missing or replaced, recreates it and writes back
 * every record this process still holds (its view outlives the topic), and says whether the read is
 * complete. Never deletes anything.
 */
export function createRegistryGuard(deps: {
  admin: Admin;
  view: RegistryView;
  topic: string;
  sealGroup: string;
  replicationFactor: number;
  logger: Logger;
  metrics: CoordinatorMetrics;
}) {
  const { admin, view, topic, logger, metrics } = deps;
  const health = createRegistryHealth({ admin, topic, sealGroup: deps.sealGroup });

  /** Writes back what this process knows: a restored record is the best any coordinator can do. */
  async function restore(why: 'missing' | 'replaced'): Promise<void> {
    const records = [...view.values()];
    view.forgetReadPositions();
    for (const record of records) await view.put(record);
    metrics.registryRestores.inc({ cause: why });
    logger.error(
      { topic, cause: why, restored: records.length },
      'registry topic was lost; wrote back the records this coordinator held',
    );
  }

  return {
    async inspect(): Promise<RegistryInspection> {
      const exists = (await admin.listTopics()).includes(topic);
      if (!exists) {
        const [spec] = controlTopicSpecs({ requests: '', events: '', registry: topic }).filter(
          (s) => s.topic === topic,
        );
        if (spec) await ensureTopics(admin, [spec], { defaultReplicationFactor: deps.replicationFactor });
        await restore('missing');
        return { complete: false, gaps: ['missing'], partitions: [] };
      }
      const caughtUp = await view.catchUp(10_000);
      const offsets = await admin.fetchTopicOffsets(topic);
      const result = await health.check({ exists, caughtUp, offsets, readUpTo: view.readPositions() });
      if (result.gaps.includes('replaced')) await restore('replaced');
      return { ...result, partitions: offsets.map((p) => p.partition) };
    },

    seal: (partitions: readonly number[]) => health.seal(partitions),
  };
}

export type RegistryGuard = ReturnType<typeof createRegistryGuard>;
