import { DlqHeaders } from '@mdp/contracts/headers';
import { err, ok } from '@mdp/contracts/result';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { type ConsumedMessage, createBatchHandler } from './batch-handler';
import { createLogger } from './logger';
import { createMetricsRegistry } from './metrics';
import type { OutgoingMessage } from './outgoing-message';

const logger = createLogger({ service: 'batch-test', level: 'silent' });

function msg(offset: number, value: string | null): KafkaMessage {
  return {
    key: Buffer.from(`k${offset}`),
    value: value === null ? null : Buffer.from(value),
    timestamp: '0',
    attributes: 0,
    offset: String(offset),
    headers: {},
  } as KafkaMessage;
}

/** A stand-in for the kafkajs payload that records what the handler does, in order. */
function fakePayload(messages: KafkaMessage[], events: string[]) {
  const payload = {
    batch: {
      topic: 'ticks',
      partition: 1,
      highWatermark: String(messages.length + 10),
      messages,
      offsetLag: () => '10',
    },
    resolveOffset: (offset: string) => events.push(`resolve ${offset}`),
    commitOffsetsIfNecessary: async () => {
      events.push('commit');
    },
    uncommittedOffsets: () => ({ topics: [] }),
    heartbeat: async () => {},
    pause: () => {
      events.push('pause');
      return () => events.push('resume');
    },
    isRunning: () => true,
    isStale: () => false,
  };
  return payload as unknown as EachBatchPayload;
}

const decode = (value: Buffer | null) => {
  const text = value?.toString() ?? '';
  return /^\d+$/.test(text)
    ? ok(Number(text))
    : err({ code: value ? 'invalid_json' : 'empty', message: `bad: ${text}` });
};

function setup(
  handle: (valid: ConsumedMessage<number>[]) => Promise<'retry' | undefined> = async () => undefined,
  maxBatchMessages = 500,
) {
  const events: string[] = [];
  const dlq: OutgoingMessage[] = [];
  const registry = createMetricsRegistry('batch-test', { defaultMetrics: false });
  const handler = createBatchHandler<number>({
    app: 'sink',
    dlqTopic: 'dlq.sink.v1',
    decode,
    logger,
    metrics: registry,
    maxBatchMessages,
    now: () => new Date('2024-01-01T00:00:00.000Z'),
    handleBatch: async (valid) => {
      events.push(`handle ${valid.map((v) => v.value).join(',')}`);
      return handle(valid);
    },
    sendToDlq: async (topic, messages) => {
      events.push(`dlq ${topic} ${messages.length}`);
      dlq.push(...messages);
    },
  });
  return { events, dlq, registry, handler };
}

describe('createBatchHandler', () => {
  it('handles valid messages, DLQs invalid ones, then resolves and commits', async () => {
    const t = setup();
    await t.handler(fakePayload([msg(0, '1'), msg(1, 'x'), msg(2, '3'), msg(3, null)], t.events));
    expect(t.events).toEqual(['handle 1,3', 'dlq dlq.sink.v1 2', 'resolve 3', 'commit']);
    expect(t.dlq.map((d) => d.key?.toString())).toEqual(['k1', 'k3']);
    expect(t.dlq[0]?.headers).toMatchObject({
      [DlqHeaders.reasonCode]: 'invalid_json',
      [DlqHeaders.reason]: 'bad: x',
      [DlqHeaders.sourceTopic]: 'ticks',
      [DlqHeaders.sourcePartition]: '1',
      [DlqHeaders.sourceOffset]: '1',
      [DlqHeaders.app]: 'sink',
      [DlqHeaders.failedAt]: '2024-01-01T00:00:00.000Z',
    });
    expect(t.dlq[1]?.headers?.[DlqHeaders.reasonCode]).toBe('empty');
    const text = await t.registry.metrics();
    expect(text).toContain('consumer_messages_total{topic="ticks",outcome="valid",service="batch-test"} 2');
    expect(text).toContain('consumer_messages_total{topic="ticks",outcome="invalid",service="batch-test"} 2');
    expect(text).toContain(
      'consumer_dlq_messages_total{topic="ticks",reason_code="invalid_json",service="batch-test"} 1',
    );
    expect(text).toContain('consumer_lag_messages{topic="ticks",partition="1",service="batch-test"} 10');
  });

  it('passes key, offset and position with each valid value', async () => {
    const seen: ConsumedMessage<number>[] = [];
    const t = setup(async (valid) => {
      seen.push(...valid);
      return undefined;
    });
    await t.handler(fakePayload([msg(7, '70')], t.events));
    expect(seen[0]).toMatchObject({ value: 70, key: 'k7', topic: 'ticks', partition: 1, offset: '7' });
  });

  it('commits chunk by chunk', async () => {
    const t = setup(undefined, 2);
    await t.handler(fakePayload([msg(0, '1'), msg(1, '2'), msg(2, '3')], t.events));
    expect(t.events).toEqual(['handle 1,2', 'resolve 1', 'commit', 'handle 3', 'resolve 2', 'commit']);
  });

  it('resolves nothing and sends nothing to the DLQ when handleBatch asks to retry', async () => {
    const t = setup(async () => 'retry');
    await t.handler(fakePayload([msg(0, '1'), msg(1, 'x')], t.events));
    expect(t.events).toEqual(['handle 1']);
    expect(t.dlq).toEqual([]);
  });

  it('propagates handler errors without resolving the offsets', async () => {
    const t = setup(async () => {
      throw new Error('database down');
    });
    await expect(t.handler(fakePayload([msg(0, '1')], t.events))).rejects.toThrow('database down');
    expect(t.events).toEqual(['handle 1']);
  });

  it('propagates DLQ send errors without resolving the offsets', async () => {
    const events: string[] = [];
    const handler = createBatchHandler<number>({
      app: 'sink',
      dlqTopic: 'dlq',
      decode,
      logger,
      handleBatch: async () => undefined,
      sendToDlq: async () => {
        throw new Error('broker down');
      },
    });
    await expect(handler(fakePayload([msg(0, 'x')], events))).rejects.toThrow('broker down');
    expect(events).toEqual([]);
  });

  it('treats a decoder that throws as a rejection, not a crash', async () => {
    const events: string[] = [];
    const dlq: OutgoingMessage[] = [];
    const handler = createBatchHandler<number>({
      app: 'sink',
      dlqTopic: 'dlq',
      decode: () => {
        throw new Error('decoder bug');
      },
      logger,
      handleBatch: async () => undefined,
      sendToDlq: async (_topic, messages) => {
        dlq.push(...messages);
      },
    });
    await handler(fakePayload([msg(0, '1')], events));
    expect(dlq[0]?.headers?.[DlqHeaders.reasonCode]).toBe('decoder_threw');
    expect(events).toEqual(['resolve 0', 'commit']);
  });
});
