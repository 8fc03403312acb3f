import { emptyCandle, minuteMs } from './candle';
import { MinuteStore } from './minute-store';

const at = (minute: number, price = minute) => ({
  ...emptyCandle(minute * minuteMs, price),
  volumeFrom: minute / 10,
  trades: 3,
});

describe('MinuteStore', () => {
  it('grows at both ends and keeps every minute readable', () => {
    const store = new MinuteStore();
    for (let m = 100; m < 300; m++) store.append(at(m));
    store.prepend(Array.from({ length: 50 }, (_, i) => at(50 + i)));
    store.prepend(Array.from({ length: 50 }, (_, i) => at(i)));
    expect(store.size).toBe(300);
    expect(store.oldestStart).toBe(0);
    for (const m of [0, 49, 50, 99, 100, 299]) expect(store.get(m * minuteMs)).toEqual(at(m));
    expect(store.get(300 * minuteMs)).toBeUndefined();
    expect(store.get(-minuteMs)).toBeUndefined();
    expect(store.get(1234)).toBeUndefined();
  });

  it('refuses gaps and forgets old minutes', () => {
    const store = new MinuteStore();
    store.append(at(10));
    expect(() => store.append(at(12))).toThrow('contiguous');
    expect(() => store.prepend([at(5)])).toThrow('contiguous');
    store.append(at(11));
    store.dropBefore(11 * minuteMs);
    expect(store.oldestStart).toBe(11 * minuteMs);
    expect(store.get(10 * minuteMs)).toBeUndefined();
    expect(store.get(11 * minuteMs)).toEqual(at(11));
  });
});
