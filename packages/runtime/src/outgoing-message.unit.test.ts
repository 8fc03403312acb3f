import { Headers } from '@mdp/contracts/headers';
import { toKafkaMessage } from './outgoing-message';
import { parseTraceparent } from './trace';

describe('toKafkaMessage', () => {
  it('sets produced-at and a fresh traceparent', () => {
    const m = toKafkaMessage({ key: 'CCCAGG:BTC-USD', value: Buffer.from('{}') }, 1_700_000_000_123);
    expect(m.key).toBe('CCCAGG:BTC-USD');
    expect(m.value?.toString()).toBe('{}');
    expect(m.headers?.[Headers.producedAt]).toBe('1700000000123');
    expect(parseTraceparent(m.headers?.[Headers.traceparent] as string)).toBeDefined();
    expect(m.headers).not.toHaveProperty(Headers.messageType);
    expect(m).not.toHaveProperty('partition');
  });

  it('keeps a given traceparent, the message type, extra headers and the partition', () => {
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const m = toKafkaMessage(
      {
        key: null,
        value: null,
        traceparent: tp,
        type: 'PriceTick',
        headers: { 'x-origin': 'rest' },
        partition: 2,
      },
      5,
    );
    expect(m.headers).toEqual({
      'x-origin': 'rest',
      [Headers.producedAt]: '5',
      [Headers.traceparent]: tp,
      [Headers.messageType]: 'PriceTick',
    });
    expect(m.partition).toBe(2);
    expect(m.value).toBeNull();
  });

  it('does not let caller headers override produced-at', () => {
    const m = toKafkaMessage(
      { key: 'k', value: Buffer.from('x'), headers: { [Headers.producedAt]: '1' } },
      99,
    );
    expect(m.headers?.[Headers.producedAt]).toBe('99');
  });
});
