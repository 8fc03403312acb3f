import { DlqHeaders } from '@mdp/contracts/headers';
import type { KafkaMessage } from 'kafkajs';
import { createDlqPublisher, type DlqEntry, isRecordTooLarge } from './dlq-publisher';
import { createLogger } from './logger';
import { createMetricsRegistry } from './metrics';
import type { OutgoingMessage } from './outgoing-message';

const logger = createLogger({ service: 'dlq-test', level: 'silent' });
const tooLarge = () => Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' });

function entry(offset: string, bytes: number): DlqEntry {
  const message = {
    key: null,
    value: Buffer.alloc(bytes, 'v'),
    offset,
    headers: {},
  } as unknown as KafkaMessage;
  return {
    record: { topic: 'src', partition: 0, message },
    reason: { code: 'invalid_json', message: 'bad' },
  };
}

/** A DLQ topic that refuses any record whose value is over `limit` bytes, as the broker does. */
function topicWithLimit(limit: number, down = false) {
  const stored: OutgoingMessage[] = [];
  const send = async (messages: OutgoingMessage[]) => {
    if (down) throw Object.assign(new Error('broker down'), { type: 'NETWORK' });
    if (messages.some((m) => (m.value?.length ?? 0) > limit)) {
      throw Object.assign(new Error('wrapped'), {
        name: 'KafkaJSNonRetriableError',
        originalError: tooLarge(),
      });
    }
    stored.push(...messages);
  };
  return { stored, send };
}

describe('createDlqPublisher', () => {
  it('sends a message over the bound as an excerpt with its size and hash', async () => {
    const topic = topicWithLimit(Number.POSITIVE_INFINITY);
    const metrics = createMetricsRegistry('dlq-test', { defaultMetrics: false });
    const publish = createDlqPublisher({
      send: topic.send,
      app: 'a',
      logger,
      metrics,
      limits: { maxRecordBytes: 1000, excerptBytes: 10 },
    });
    await publish([entry('1', 5), entry('2', 5000)]);
    expect(topic.stored.map((m) => m.value?.length)).toEqual([5, 10]);
    expect(topic.stored[1]?.headers).toMatchObject({
      [DlqHeaders.form]: 'excerpt',
      [DlqHeaders.originalBytes]: '5000',
    });
    const text = await metrics.metrics();
    expect(text).toContain('dlq_records_total{form="copy",service="dlq-test"} 1');
    expect(text).toContain('dlq_records_total{form="excerpt",service="dlq-test"} 1');
  });

  it('steps down to excerpt, then minimal, when the topic refuses the size; drops what fits nowhere', async () => {
    const topic = topicWithLimit(100);
    const publish = createDlqPublisher({ send: topic.send, app: 'a', logger, limits: { excerptBytes: 200 } });
    await publish([entry('1', 50), entry('2', 150), entry('3', 5000)]);
    expect(
      topic.stored.map((m) => [m.headers?.[DlqHeaders.sourceOffset], m.headers?.[DlqHeaders.form]]),
    ).toEqual([
      ['1', undefined],
      ['2', 'minimal'],
      ['3', 'minimal'],
    ]);
    const never = { stored: [], send: async () => Promise.reject(tooLarge()) };
    await expect(
      createDlqPublisher({ send: never.send, app: 'a', logger })([entry('4', 1)]),
    ).resolves.toBeUndefined();
  });

  it('rejects on any other error, so the caller retries', async () => {
    const publish = createDlqPublisher({ send: topicWithLimit(100, true).send, app: 'a', logger });
    await expect(publish([entry('1', 5)])).rejects.toThrow('broker down');
  });
});

describe('isRecordTooLarge', () => {
  it('finds the size error however kafkajs wraps it', () => {
    expect(isRecordTooLarge(tooLarge())).toBe(true);
    expect(isRecordTooLarge({ errors: [{ type: 'RECORD_LIST_TOO_LARGE' }] })).toBe(true);
    expect(isRecordTooLarge({ cause: { originalError: tooLarge() } })).toBe(true);
    expect(isRecordTooLarge(new Error('x'))).toBe(false);
    expect(isRecordTooLarge(null)).toBe(false);
  });
});
