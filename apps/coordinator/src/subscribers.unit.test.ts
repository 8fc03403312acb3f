import { SubscriberTracker } from './subscribers';

const hb = (gatewayId: string, topics: [string, number][], intervalMs = 1_000) => ({
  gatewayId,
  intervalMs,
  topics: topics.map(([topic, subscribers]) => ({ topic, subscribers })),
});

describe('SubscriberTracker', () => {
  it('sums the latest heartbeat of every live gateway', () => {
    const t = new SubscriberTracker(0);
    t.record(hb('g1', [['a', 2]]), 100);
    t.record(
      hb('g2', [
        ['a', 1],
        ['b', 0],
      ]),
      100,
    );
    t.record(hb('g1', [['a', 1]]), 200);
    expect(t.subscribers('a', 300)).toBe(2);
    expect(t.subscribers('b', 300)).toBe(0);
  });

  it('forgets gateways that missed three intervals', () => {
    const t = new SubscriberTracker(0);
    t.record(hb('g1', [['a', 5]]), 1_000);
    expect(t.subscribers('a', 4_000)).toBe(5);
    expect(t.subscribers('a', 4_001)).toBe(0);
    expect(t.gatewayCount()).toBe(0);
  });

  it('counts idleness from the last use, the activation, or its own start, whichever is latest', () => {
    const t = new SubscriberTracker(500);
    expect(t.idleSince('a', 0, 1_000)).toBe(500);
    expect(t.idleSince('a', 700, 1_000)).toBe(700);
    t.record(hb('g1', [['a', 1]]), 800);
    expect(t.idleSince('a', 700, 1_000)).toBeNull();
    t.record(hb('g1', [['a', 0]]), 900);
    expect(t.idleSince('a', 700, 1_000)).toBe(800);
  });

  it('does not count a broker outage as idle time, nor drop gateways that could not be heard', () => {
    const t = new SubscriberTracker(0);
    t.listening(1_000);
    t.record(hb('g1', [['a', 1]]), 1_000);
    t.listening(1_250);
    // Outage: no fetch from 1_250 to 30_000. While deaf nothing is judged idle.
    expect(t.idleSince('a', 0, 20_000)).toBeNull();
    t.listening(30_000);
    // Hearing resumed: g1's last report still holds for three intervals from now.
    expect(t.subscribers('a', 31_000)).toBe(1);
    expect(t.subscribers('a', 33_001)).toBe(0);
    expect(t.idleSince('a', 0, 33_001)).toBe(30_000);
  });

  it('keeps judging normally while fetches keep coming', () => {
    const t = new SubscriberTracker(0);
    for (let at = 0; at <= 10_000; at += 250) t.listening(at);
    t.record(hb('g1', [['a', 0]]), 1_000);
    expect(t.idleSince('a', 0, 10_000)).toBe(0);
  });
});
