import { createLogger } from '@mdp/runtime/logger';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { BatchBuffer } from '../batches/buffer';
import { createFixedConsumer, decodeOrReject, isGroupMovedOn } from './fixed-consumer';

describe('decodeOrReject', () => {
  it('turns a decoder that throws into a rejection of that message', () => {
    const source = {
      topic: 't',
      partition: 0,
      message: { offset: '7', value: null } as unknown as KafkaMessage,
    };
    const row = decodeOrReject(() => {
      throw new Error('decoder bug');
    }, source);
    expect(row).toEqual({ source, code: 'decoder_threw', reason: 'decoder bug' });
  });
});

describe('isGroupMovedOn', () => {
  it('recognises rebalance errors, also wrapped by kafkajs retries', () => {
    expect(isGroupMovedOn({ type: 'REBALANCE_IN_PROGRESS' })).toBe(true);
    expect(
      isGroupMovedOn({ name: 'KafkaJSNonRetriableError', originalError: { type: 'ILLEGAL_GENERATION' } }),
    ).toBe(true);
    expect(isGroupMovedOn(Object.assign(new Error('x'), { cause: { type: 'UNKNOWN_MEMBER_ID' } }))).toBe(
      true,
    );
  });

  it('leaves other failures to be retried', () => {
    expect(isGroupMovedOn({ type: 'COORDINATOR_NOT_AVAILABLE' })).toBe(false);
    expect(isGroupMovedOn(new Error('Connection timeout'))).toBe(false);
    expect(isGroupMovedOn(null)).toBe(false);
  });
});

describe('a crash kafkajs will not restart', () => {
  /** A kafkajs consumer stand-in: records calls, lets the test emit its events. */
  function stubKafka(connectFailures: number) {
    const handlers = new Map<string, ((e: { payload: unknown }) => void)[]>();
    let failuresLeft = connectFailures;
    const calls = { connect: 0, run: 0 };
    const consumer = {
      events: { CRASH: 'crash', GROUP_JOIN: 'join', STOP: 'stop' },
      on: (event: string, fn: (e: { payload: unknown }) => void) =>
        handlers.set(event, [...(handlers.get(event) ?? []), fn]),
      connect: async () => {
        calls.connect += 1;
        if (failuresLeft-- > 0) throw new Error('broker down');
      },
      subscribe: async () => undefined,
      run: async () => {
        calls.run += 1;
      },
      disconnect: async () => undefined,
    };
    const kafka = { consumer: () => consumer } as unknown as Kafka;
    const crash = (restart: boolean) => {
      const payload = { error: new Error('Failed to find group coordinator'), restart };
      for (const fn of handlers.get('crash') ?? []) fn({ payload });
    };
    return { kafka, calls, crash };
  }
  const options = (kafka: Kafka) => ({
    kafka,
    groupId: 'g',
    topics: ['t'],
    fromBeginning: true,
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 1000,
    maxBytesPerPartition: 1024,
    maxWaitMs: 100,
    buffer: new BatchBuffer(),
    decode: () => {
      throw new Error('not used');
    },
    onBuffered: () => undefined,
    logger: createLogger({ service: 'test', level: 'silent' }),
  });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is restarted by the sink with backoff until the consumer runs again, and never after stop', async () => {
    const stub = stubKafka(2);
    const consumer = createFixedConsumer(options(stub.kafka));
    stub.calls.connect = 0;
    stub.crash(false);
    expect(consumer.isReady()).toBe(false);
    // Two failed connects (broker still down), then one that runs: each retry after its backoff.
    await jest.advanceTimersByTimeAsync(30_000);
    expect(stub.calls.connect).toBe(3);
    expect(stub.calls.run).toBe(1);

    stub.crash(false);
    await consumer.stop();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(stub.calls.run).toBe(1);
  });

  it('is left to kafkajs when kafkajs restarts it itself', async () => {
    const stub = stubKafka(0);
    createFixedConsumer(options(stub.kafka));
    stub.crash(true);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(stub.calls.run).toBe(0);
  });
});
