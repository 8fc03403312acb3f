import { randomBytes } from 'node:crypto';
import type { Admin } from 'kafkajs';
import { deleteTopicsIfExist } from './topics';
import { waitUntil } from './wait-until';

/** Brokers of the test run (KAFKA_BROKERS); a clear error instead of a test that hangs without them. */
export function testBrokers(env: NodeJS.ProcessEnv = process.env): string[] {
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0) {
    throw new Error(
      'KAFKA_BROKERS is not set: integration tests need the real broker (see @mdp/local-infra)',
    );
  }
  return brokers;
}

/** A topic namespace of its own for one test file (`t-<hex>`), valid for `topicNames()`. */
export function uniqueNamespace(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export function uniqueGroupId(name: string): string {
  return `${name}-${randomBytes(5).toString('hex')}`;
}

/** Deletes every topic of a namespace: what a test file leaves behind. */
export async function deleteNamespaceTopics(admin: Admin, namespace: string): Promise<string[]> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`));
  return deleteTopicsIfExist(admin, topics);
}

/** Polls `predicate` until it holds; rejects with `what` after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  if (!(await waitUntil(predicate, { timeoutMs, intervalMs: 50 })))
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
