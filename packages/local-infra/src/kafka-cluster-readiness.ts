import { readFile } from 'node:fs/promises';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { kafkaAnswers } from './kafka-readiness';
import { tailLines } from './run-command';

export interface WaitForClusterNodeInput {
  /** The node's own client listener. */
  readonly broker: string;
  readonly nodeId: number;
  /** Every node's listener: the controller's view of the cluster is asked through them. */
  readonly brokers: readonly string[];
  readonly auth: Pick<KafkaConfig, 'sasl' | 'ssl'>;
  readonly timeoutMs: number;
  readonly hasExited: () => boolean;
  readonly logFile: string;
}

/** Whether the cluster's metadata lists the node as a live broker. Never throws. */
async function nodeRegistered(input: WaitForClusterNodeInput): Promise<boolean> {
  const kafka = new Kafka({
    ...input.auth,
    clientId: 'mdp-local-infra-probe',
    brokers: [input.broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    return brokers.some((b) => b.nodeId === input.nodeId);
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Polls until the node serves on its own listener and is a registered broker of the cluster. */
export async function waitForClusterNode(input: WaitForClusterNodeInput): Promise<void> {
  const deadline = Date.now() + input.timeoutMs;
  for (;;) {
    if (input.hasExited()) throw await nodeError(input, 'exited during start');
    if ((await kafkaAnswers([input.broker], input.auth)) && (await nodeRegistered(input))) return;
    if (Date.now() > deadline) throw await nodeError(input, `did not answer within ${input.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function nodeError(input: WaitForClusterNodeInput, what: string): Promise<Error> {
  const log = await readFile(input.logFile, 'utf8').catch(() => '(no broker log)');
  return new Error(
    `local Kafka node ${input.nodeId} (${input.broker}) ${what}. Last lines of ${input.logFile}:\n${tailLines(log, 40)}`,
  );
}
