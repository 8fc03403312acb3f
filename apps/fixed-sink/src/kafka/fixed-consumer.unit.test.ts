import type { KafkaMessage } from 'kafkajs';
import { decodeOrReject, isGroupMovedOn } from './fixed-consumer';

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
