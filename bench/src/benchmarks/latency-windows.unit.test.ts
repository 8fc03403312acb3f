import { firstArrivals, windowLatency } from './latency-windows';

describe('windowLatency', () => {
  const created = new Map([
    ['BTC-USD|1', 1000],
    ['BTC-USD|2', 2000],
    ['BTC-USD|3', 3000],
  ]);

  it('measures only ticks created inside the window, arrival minus creation', () => {
    const arrivals = new Map([
      ['BTC-USD|1', 1010],
      ['BTC-USD|2', 2050],
    ]);
    const w = windowLatency(created, arrivals, 1500, 3500);
    expect(w.created).toBe(2);
    expect(w.arrived).toBe(1);
    expect(w.latency.p50).toBe(50);
  });
});

describe('firstArrivals', () => {
  it('keeps the first arrival of a key delivered twice', () => {
    expect(
      firstArrivals([
        ['k', 5],
        ['k', 9],
      ]).get('k'),
    ).toBe(5);
  });
});
