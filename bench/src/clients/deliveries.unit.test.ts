import { Deliveries } from './deliveries';

const envelope = (base: string, tradeId: string, ts: number) =>
  JSON.stringify({
    type: 'PriceTick',
    version: 1,
    id: 'x',
    at: '2025-01-01T00:00:00.000Z',
    source: 'producer',
    data: { market: 'CCCAGG', base, quote: 'USD', price: 1, ts, tradeId, origin: 'stream' },
  });

describe('Deliveries', () => {
  it('counts nothing before measuring starts', () => {
    const d = new Deliveries('ts-latency');
    d.add(envelope('BTC', '1', 100), 150);
    expect(d.delivered).toBe(0);
  });

  it('measures receive time minus ts for every envelope of a batched frame', () => {
    const d = new Deliveries('ts-latency');
    d.measuring = true;
    d.add(`{"type":"data","messages":[${envelope('BTC', '1', 100)},${envelope('ETH', '2', 120)}]}`, 150);
    expect(d.delivered).toBe(2);
    expect(d.histogram.toPairs()).toEqual([
      [30, 1],
      [50, 1],
    ]);
  });

  it('records pair and trade id with the receive time for matching with the simulator', () => {
    const d = new Deliveries('trade-record');
    d.measuring = true;
    d.add(envelope('BTC', '42', 100), 150);
    expect(d.records).toEqual([['BTC-USD|42', 150]]);
  });
});
