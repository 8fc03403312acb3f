import { createHash } from 'node:crypto';
import { DlqHeaders, Headers } from '@mdp/contracts/headers';
import type { KafkaMessage } from 'kafkajs';
import { dlqFormFor, readHeader, toDlqMessage } from './dlq';
import { parseTraceparent } from './trace';

const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function message(overrides: Partial<KafkaMessage> = {}): KafkaMessage {
  return {
    key: Buffer.from('CCCAGG:BTC-USD'),
    value: Buffer.from('{"bad":true}'),
    timestamp: '1700000000000',
    attributes: 0,
    offset: '42',
    headers: {
      [Headers.traceparent]: Buffer.from(TRACE),
      [Headers.producedAt]: Buffer.from('1700000000000'),
      [Headers.messageType]: Buffer.from('PriceTick'),
    },
    ...overrides,
  } as KafkaMessage;
}

describe('toDlqMessage', () => {
  const at = new Date('2024-01-02T03:04:05.678Z');

  it('keeps key and value and adds the reason headers', () => {
    const dlq = toDlqMessage(
      { topic: 'market.ticks.v1', partition: 3, message: message() },
      { code: 'invalid_message', message: 'data.price: must be positive' },
      'fixed-sink',
      at,
    );
    expect(dlq.key?.toString()).toBe('CCCAGG:BTC-USD');
    expect(dlq.value?.toString()).toBe('{"bad":true}');
    expect(dlq.headers).toEqual({
      [Headers.messageType]: Buffer.from('PriceTick'),
      [DlqHeaders.reason]: 'data.price: must be positive',
      [DlqHeaders.reasonCode]: 'invalid_message',
      [DlqHeaders.sourceTopic]: 'market.ticks.v1',
      [DlqHeaders.sourcePartition]: '3',
      [DlqHeaders.sourceOffset]: '42',
      [DlqHeaders.app]: 'fixed-sink',
      [DlqHeaders.failedAt]: '2024-01-02T03:04:05.678Z',
    });
  });

  it('continues the original trace', () => {
    const dlq = toDlqMessage(
      { topic: 't', partition: 0, message: message() },
      { code: 'x', message: 'y' },
      'a',
      at,
    );
    expect(parseTraceparent(dlq.traceparent)?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('handles null key, null value, no headers, and long reasons', () => {
    const dlq = toDlqMessage(
      { topic: 't', partition: 0, message: message({ key: null, value: null, headers: {} }) },
      { code: 'empty', message: 'x'.repeat(5000) },
      'a',
      at,
    );
    expect(dlq.key).toBeNull();
    expect(dlq.value).toBeNull();
    expect(String(dlq.headers?.[DlqHeaders.reason])).toHaveLength(1000);
    expect(parseTraceparent(dlq.traceparent)).toBeDefined();
  });
});

describe('readHeader', () => {
  it('reads Buffers, strings and repeated headers as text', () => {
    expect(readHeader({ a: Buffer.from('x'), b: 'y', c: [Buffer.from('1'), Buffer.from('2')] }, 'a')).toBe(
      'x',
    );
    expect(readHeader({ b: 'y' }, 'b')).toBe('y');
    expect(readHeader({ c: ['1', '2'] }, 'c')).toBe('2');
    expect(readHeader({}, 'missing')).toBeUndefined();
    expect(readHeader(undefined, 'missing')).toBeUndefined();
  });
});

describe('toDlqMessage, bounded forms', () => {
  const at = new Date('2024-01-02T03:04:05.678Z');
  const huge = Buffer.alloc(2_000_000, 'x');
  const limits = { maxRecordBytes: 10_000, excerptBytes: 100 };
  const sha = createHash('sha256').update(huge).digest('hex');

  it('chooses a copy below the bound and an excerpt above it', () => {
    expect(dlqFormFor(message(), limits)).toBe('copy');
    expect(dlqFormFor(message({ value: huge }), limits)).toBe('excerpt');
    expect(dlqFormFor(message({ headers: { big: Buffer.alloc(20_000) } }), limits)).toBe('excerpt');
    expect(dlqFormFor(message({ value: Buffer.alloc(900_000) }))).toBe('copy');
    expect(dlqFormFor(message({ value: Buffer.alloc(1_048_000) }))).toBe('excerpt');
  });

  it('an excerpt keeps the start of the value, its size and hash, and where it came from', () => {
    const dlq = toDlqMessage(
      { topic: 'market.ticks.v1', partition: 2, message: message({ value: huge }) },
      { code: 'too_large', message: 'too large' },
      'fixed-sink',
      at,
      'excerpt',
      limits,
    );
    expect(dlq.value).toEqual(huge.subarray(0, 100));
    expect(dlq.key?.toString()).toBe('CCCAGG:BTC-USD');
    expect(dlq.headers).toMatchObject({
      [Headers.messageType]: Buffer.from('PriceTick'),
      [DlqHeaders.form]: 'excerpt',
      [DlqHeaders.originalBytes]: '2000000',
      [DlqHeaders.originalSha256]: sha,
      [DlqHeaders.reasonCode]: 'too_large',
      [DlqHeaders.sourceTopic]: 'market.ticks.v1',
      [DlqHeaders.sourcePartition]: '2',
      [DlqHeaders.sourceOffset]: '42',
    });
  });

  it('an excerpt drops original headers over its budget and cuts a long key', () => {
    const dlq = toDlqMessage(
      {
        topic: 't',
        partition: 0,
        message: message({ key: Buffer.alloc(5000, 'k'), headers: { big: Buffer.alloc(20_000) } }),
      },
      { code: 'x', message: 'y' },
      'a',
      at,
      'excerpt',
      limits,
    );
    expect(dlq.headers?.big).toBeUndefined();
    expect(dlq.key).toHaveLength(100);
  });

  it('a minimal record has no key, value or original headers', () => {
    const dlq = toDlqMessage(
      { topic: 't', partition: 1, message: message({ value: huge }) },
      { code: 'x', message: 'y' },
      'a',
      at,
      'minimal',
      limits,
    );
    expect(dlq.key).toBeNull();
    expect(dlq.value).toBeNull();
    expect(dlq.headers?.[Headers.messageType]).toBeUndefined();
    expect(dlq.headers).toMatchObject({
      [DlqHeaders.form]: 'minimal',
      [DlqHeaders.originalSha256]: sha,
      [DlqHeaders.sourceOffset]: '42',
    });
  });

  it('drops null header values (kafkajs cannot send them) and keeps repeated ones', () => {
    const headers = {
      n: null,
      r: [Buffer.from('1'), Buffer.from('2')],
      m: [null, Buffer.from('3')],
    } as unknown as KafkaMessage['headers'];
    const dlq = toDlqMessage(
      { topic: 't', partition: 0, message: message({ headers }) },
      { code: 'x', message: 'y' },
      'a',
      at,
    );
    expect(dlq.headers?.r).toEqual([Buffer.from('1'), Buffer.from('2')]);
    expect(dlq.headers?.m).toEqual([Buffer.from('3')]);
    expect(Object.keys(dlq.headers ?? {})).not.toContain('n');
    expect(readHeader(headers, 'n')).toBeUndefined();
  });
});
