import { isGroupMovedOn } from './fixed-consumer';

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
