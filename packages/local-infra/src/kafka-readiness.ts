import { readFile } from 'node:fs/promises';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { tailLines } from './run-command';

/**
 * One quick attempt: connect an admin client, list topics, describe a group and connect
 * an idempotent producer. The last two load the group and producer-id coordinators, so the
 * first consumer or producer of a test does not meet "The coordinator is loading". Never throws.
 */
export async function kafkaAnswers(
  brokers: readonly string[],
  auth: Pick<KafkaConfig, 'sasl' | 'ssl'> = {},
): Promise<boolean> {
  const kafka = new Kafka({
    ...auth,
    clientId: 'mdp-local-infra-probe',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  // The producer-id side matters as much: the first idempotent producer must not meet a loading coordinator.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    // kafkajs refuses an idempotent producer without retries; keep them short.
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 200 },
  });
  try {
    await admin.connect();
    await admin.listTopics();
    // Throws while the group coordinator is missing or still loading.
    await admin.describeGroups(['mdp-local-infra-probe']);
    await producer.connect();
    return true;
  } catch {
    return false;
  } finally {
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

export interface WaitForKafkaInput {
  readonly brokers: readonly string[];
  readonly timeoutMs: number;
  /** Stop waiting early when the broker process is already gone. */
  readonly hasExited: () => boolean;
  readonly logFile: string;
  /** SASL/TLS of a secured cluster (as a super user). */
  readonly auth?: Pick<KafkaConfig, 'sasl' | 'ssl'>;
}

/** Polls until the broker serves admin requests; errors carry the tail of the broker log. */
export async function waitForKafka(input: WaitForKafkaInput): Promise<void> {
  const deadline = Date.now() + input.timeoutMs;
  for (;;) {
    if (input.hasExited()) throw await brokerError('exited during start', input.logFile);
    if (await kafkaAnswers(input.brokers, input.auth)) return;
    if (Date.now() > deadline) {
      throw await brokerError(
        `did not answer on ${input.brokers.join(',')} within ${input.timeoutMs} ms`,
        input.logFile,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function brokerError(what: string, logFile: string): Promise<Error> {
  const log = await readFile(logFile, 'utf8').catch(() => '(no broker log)');
  return new Error(`local Kafka broker ${what}. Last lines of ${logFile}:\n${tailLines(log, 40)}`);
}
