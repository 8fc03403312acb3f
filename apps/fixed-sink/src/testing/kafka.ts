import { pairKey } from '@mdp/contracts/keys';
import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import { readHeader } from '@mdp/runtime/dlq';
import { type Consumer, type IHeaders, Kafka, logLevel, type Producer } from 'kafkajs';
import { candleMessage, tickMessage } from './fixtures';

export function testKafka(brokers: readonly string[]): Kafka {
  return new Kafka({ clientId: 'fixed-sink-test', brokers: [...brokers], logLevel: logLevel.NOTHING });
}

export type Outgoing = { key: string; value: Buffer | string };

export const tickRecord = (tick: PriceTick, at?: Date): Outgoing => ({
  key: pairKey(tick),
  value: JSON.stringify(tickMessage(tick, at)),
});
export const candleRecord = (candle: Candle, at?: Date): Outgoing => ({
  key: pairKey(candle),
  value: JSON.stringify(candleMessage(candle, at)),
});

/** A plain producer for test data (acks from all replicas), sending in slices. */
export async function testProducer(kafka: Kafka) {
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  return {
    async send(topic: string, records: readonly Outgoing[], slice = 2000) {
      for (let i = 0; i < records.length; i += slice)
        await producer.send({ topic, acks: -1, messages: records.slice(i, i + slice) });
    },
    disconnect: () => producer.disconnect(),
  };
}

export type DlqRecord = {
  key: string | null;
  value: string | null;
  headers: Record<string, string | undefined>;
};

/** Reads a DLQ topic from the start and keeps what arrives. */
export async function readDlq(kafka: Kafka, topic: string, groupId: string) {
  const records: DlqRecord[] = [];
  const consumer: Consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const header = (headers: IHeaders | undefined, name: string) => readHeader(headers, name);
  await consumer.run({
    eachMessage: async ({ message }) => {
      const names = Object.keys(message.headers ?? {});
      records.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers: Object.fromEntries(names.map((n) => [n, header(message.headers, n)])),
      });
    },
  });
  return { records, stop: () => consumer.disconnect() };
}
