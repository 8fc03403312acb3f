import { type Admin, ConfigResourceTypes, type IResourceConfigEntry, type ITopicConfig } from 'kafkajs';
import type { TopicReplication } from './replication';
import { waitUntil } from './wait-until';

export type TopicSpec = {
  topic: string;
  partitions: number;
  /** Defaults to `EnsureTopicsOptions.defaultReplicationFactor` (kafkajs speaks CreateTopics v3, which has no "broker default"). */
  replicationFactor?: number;
  /** `cleanup.policy=compact`: the registry topic, keyed tables. */
  compacted?: boolean;
  retentionMs?: number;
  /** Any other topic config (`min.insync.replicas`, `segment.ms`...). */
  configs?: Readonly<Record<string, string>>;
};

export type EnsureTopicsOptions = {
  /** Default 1 (a single local broker); deployments pass their cluster's value from config. */
  defaultReplicationFactor?: number;
  /** The cluster-wide setting (`resolveTopicReplication`): overrides the default factor and sets min.insync.replicas. */
  replication?: TopicReplication;
  /** Wait for create and for partition leaders, in ms. Default 30 000. */
  timeoutMs?: number;
};

export type EnsureTopicsResult = { created: string[]; existing: string[] };

/** The topic configs a spec asks for, as CreateTopics config entries. */
export function topicConfigEntries(spec: TopicSpec): IResourceConfigEntry[] {
  const configs: Record<string, string> = { ...spec.configs };
  if (spec.compacted) configs['cleanup.policy'] = 'compact';
  if (spec.retentionMs !== undefined) configs['retention.ms'] = String(spec.retentionMs);
  return Object.entries(configs).map(([name, value]) => ({ name, value }));
}

function toTopicConfig(spec: TopicSpec, defaultReplicationFactor: number): ITopicConfig {
  if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
    throw new Error(`topic ${spec.topic}: partitions must be a positive integer`);
  }
  return {
    topic: spec.topic,
    numPartitions: spec.partitions,
    replicationFactor: spec.replicationFactor ?? defaultReplicationFactor,
    configEntries: topicConfigEntries(spec),
  };
}

/** Resolves once every partition of every topic has a leader (so produce and consume work at once). */
export async function waitForLeaders(
  admin: Admin,
  topics: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  let lastProblem = 'no metadata yet';
  const allLed = async () => {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const leaderless = metadata.filter(
        (t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0),
      );
      if (leaderless.length === 0) return true;
      lastProblem = `no leader yet for ${leaderless.map((t) => t.name).join(', ')}`;
    } catch (e) {
      lastProblem = (e as Error).message;
    }
    return false;
  };
  if (await waitUntil(allLed, { timeoutMs, intervalMs: 100 })) return;
  throw new Error(`timed out after ${timeoutMs} ms waiting for topic leaders: ${lastProblem}`);
}

/**
 * Creates the topics that do not exist yet; one that exists already (or is created by someone else
 * meanwhile) counts as success. Resolves when every topic has partition leaders. Existing topics are
 * not altered: compare with `describeTopicConfig` where that matters.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  opts: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const replication = opts.replication;
  const withIsr = (s: TopicSpec): TopicSpec =>
    replication && s.configs?.['min.insync.replicas'] === undefined
      ? { ...s, configs: { ...s.configs, 'min.insync.replicas': String(replication.minInsyncReplicas) } }
      : s;
  const configs = specs.map((s) =>
    toTopicConfig(withIsr(s), replication?.replicationFactor ?? opts.defaultReplicationFactor ?? 1),
  );
  if (new Set(specs.map((s) => s.topic)).size !== specs.length)
    throw new Error('ensureTopics: duplicate topic names');
  const present = new Set(await admin.listTopics());
  const result: EnsureTopicsResult = { created: [], existing: [] };
  for (const config of configs) {
    if (present.has(config.topic)) {
      result.existing.push(config.topic);
      continue;
    }
    // kafkajs answers false when the broker says TOPIC_ALREADY_EXISTS: a concurrent creator won.
    const created = await admin.createTopics({ topics: [config], waitForLeaders: false, timeout: timeoutMs });
    (created ? result.created : result.existing).push(config.topic);
  }
  if (specs.length > 0)
    await waitForLeaders(
      admin,
      specs.map((s) => s.topic),
      timeoutMs,
    );
  return result;
}

/** The effective configs of a topic (all of them, or only `names`), name → value. */
export async function describeTopicConfig(
  admin: Admin,
  topic: string,
  names?: readonly string[],
): Promise<Record<string, string>> {
  const response = await admin.describeConfigs({
    resources: [
      { type: ConfigResourceTypes.TOPIC, name: topic, ...(names ? { configNames: [...names] } : {}) },
    ],
    includeSynonyms: false,
  });
  const entries = response.resources[0]?.configEntries ?? [];
  return Object.fromEntries(entries.map((e) => [e.configName, e.configValue]));
}

/** Deletes the topics that exist (kafkajs would retry an unknown topic until it gives up). */
export async function deleteTopicsIfExist(
  admin: Admin,
  topics: readonly string[],
  timeoutMs = 30_000,
): Promise<string[]> {
  const present = new Set(await admin.listTopics());
  const doomed = topics.filter((t) => present.has(t));
  if (doomed.length > 0) await admin.deleteTopics({ topics: doomed, timeout: timeoutMs });
  return doomed;
}
