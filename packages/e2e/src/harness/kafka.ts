import { randomBytes } from 'node:crypto';
import { type IHeaders, Kafka, logLevel } from 'kafkajs';

export type TopicMessage = {
  partition: number;
  offset: number;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
};

/** The tests' own client (quiet: the broker is taken down on purpose in some of them). */
export function testKafka(brokers: readonly string[]): Kafka {
  return new Kafka({
    clientId: 'e2e-observer',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 200 },
  });
}

/** Every message of a topic from the earliest offset up to the high watermarks seen when called. */
export async function readTopic(kafka: Kafka, topic: string, timeoutMs = 30_000): Promise<TopicMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `e2e-reader-${randomBytes(5).toString('hex')}`;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const pending = new Map<number, number>();
    for (const o of offsets) if (Number(o.high) > Number(o.low)) pending.set(o.partition, Number(o.high));
    if (pending.size === 0) return [];
    const messages: TopicMessage[] = [];
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 6_000 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`reading ${topic}: partitions ${[...pending.keys()]} not read in time`)),
          timeoutMs,
        );
        void consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const high = pending.get(batch.partition);
            for (const m of batch.messages) {
              const offset = Number(m.offset);
              if (high === undefined || offset >= high) continue;
              messages.push({
                partition: batch.partition,
                offset,
                key: m.key?.toString('utf8') ?? null,
                value: m.value,
                headers: m.headers ?? {},
              });
            }
            // lastOffset() also covers offsets compaction removed from the end of a batch.
            if (high !== undefined && Number(batch.lastOffset()) + 1 >= high) pending.delete(batch.partition);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return messages.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  } finally {
    await admin.deleteGroups([groupId]).catch(() => {});
    await admin.disconnect();
  }
}

/** Topics on the broker whose names start with `prefix`. */
export async function listTopics(kafka: Kafka, prefix: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((t) => t.startsWith(prefix)).sort();
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}

/** Puts raw bytes on a topic, as a buggy or hostile client would (no envelope, no validation). */
export async function produceRaw(
  kafka: Kafka,
  topic: string,
  messages: { key: string | null; value: string | Buffer | null }[],
): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}
