import { randomBytes } from 'node:crypto';
import { deleteNamespaceTopics } from '@mdp/runtime/testing';
import { ensureTopics, type TopicSpec } from '@mdp/runtime/topics';
import { type Admin, Kafka, logLevel } from 'kafkajs';

/** A namespace of its own per benchmark run, so runs never see each other's topics. */
export function benchNamespace(name: string): string {
  return `b-${name.slice(0, 20)}-${randomBytes(3).toString('hex')}`;
}

export function benchKafka(brokers: readonly string[], clientId = 'bench-runner'): Kafka {
  return new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.NOTHING });
}

/** An admin client for the duration of `fn`. */
export async function withAdmin<T>(brokers: readonly string[], fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = benchKafka(brokers).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

export function createTopics(brokers: readonly string[], specs: readonly TopicSpec[]): Promise<unknown> {
  return withAdmin(brokers, (admin) => ensureTopics(admin, specs));
}

/** Deletes what a benchmark left on the broker (its namespace's topics). */
export function cleanNamespace(brokers: readonly string[], namespace: string): Promise<unknown> {
  return withAdmin(brokers, (admin) => deleteNamespaceTopics(admin, namespace));
}

/** Messages a consumer group has committed on a topic (sum over partitions). */
export async function committedMessages(admin: Admin, groupId: string, topic: string): Promise<number> {
  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  let total = 0;
  for (const t of offsets) for (const p of t.partitions) total += Math.max(0, Number(p.offset));
  return total;
}
