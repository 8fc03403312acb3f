import { RECOVERY_INTERVALS, RECOVERY_MIN_MS, SubscriberTracker } from './subscribers';

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
    for (let at = 30_000; at <= 40_000; at += 250) t.listening(at);
    // Hearing resumed 10 s ago, g1 has not reported yet: its last report still holds, nothing is idle.
    expect(t.subscribers('a', 40_000)).toBe(1);
    expect(t.idleSince('a', 0, 40_000)).toBeNull();
  });

  it('judges nothing idle after an outage until every gateway heard before has reported again', () => {
    const t = new SubscriberTracker(0);
    t.listening(1_000);
    t.record(hb('g1', [['a', 1]], 500), 1_000);
    t.record(hb('g2', [['b', 1]], 500), 1_000);
    t.listening(1_100);
    t.listening(20_000); // deaf from 1_100 to 20_000: a recovery round begins
    // Far more than three intervals later, neither has reported: both still hold their topics.
    expect(t.recovering(25_000)).toBe(true);
    expect(t.subscribers('a', 25_000)).toBe(1);
    for (let at = 20_000; at <= 26_000; at += 250) t.listening(at);
    t.record(hb('g1', [['a', 0]], 500), 26_000);
    // g1 says 'a' has no subscribers, but g2 (which may have them now) has not spoken: no judgement.
    expect(t.idleSince('a', 0, 26_000)).toBeNull();
    t.listening(27_000);
    t.record(hb('g2', [['b', 2]], 500), 27_000);
    expect(t.recovering(27_000)).toBe(false);
    // The round ended at 27_000: 'a' is idle from then, not from its last use before the outage.
    expect(t.idleSince('a', 0, 27_100)).toBe(27_000);
    expect(t.idleSince('b', 0, 27_100)).toBeNull();
  });

  it('drops a gateway that misses its recovery deadline, and counts idleness from that deadline', () => {
    const t = new SubscriberTracker(0);
    t.listening(1_000);
    t.record(hb('g1', [['a', 1]], 500), 1_000);
    t.listening(10_000); // deaf for 9 s
    const deadline = 10_000 + Math.max(500 * RECOVERY_INTERVALS, RECOVERY_MIN_MS);
    for (let at = 10_000; at < deadline; at += 250) t.listening(at);
    expect(t.subscribers('a', deadline - 1)).toBe(1);
    expect(t.idleSince('a', 0, deadline - 1)).toBeNull();
    t.listening(deadline);
    expect(t.subscribers('a', deadline)).toBe(0);
    expect(t.gatewayCount()).toBe(0);
    expect(t.idleSince('a', 0, deadline + 1)).toBe(deadline);
  });

  it('gives a gateway with a long interval that many intervals to report after an outage', () => {
    const t = new SubscriberTracker(0);
    t.listening(1_000);
    t.record(hb('g1', [['a', 1]], 20_000), 1_000);
    t.listening(10_000);
    const deadline = 10_000 + 20_000 * RECOVERY_INTERVALS;
    expect(deadline - 10_000).toBeGreaterThan(RECOVERY_MIN_MS);
    expect(t.recovering(deadline - 1)).toBe(true);
    expect(t.recovering(deadline)).toBe(false);
  });

  it('does not drop a gateway for silence that came after the last fetch (not deaf yet)', () => {
    const t = new SubscriberTracker(0);
    for (let at = 0; at <= 1_000; at += 250) t.listening(at);
    t.record(hb('g1', [['a', 1]], 500), 1_000);
    // The broker went away at 1_000: three intervals pass long before DEAF_AFTER_MS does.
    expect(t.subscribers('a', 4_000)).toBe(1);
    expect(t.idleSince('a', 0, 4_900)).toBeNull();
  });

  it('keeps judging normally while fetches keep coming', () => {
    const t = new SubscriberTracker(0);
    for (let at = 0; at <= 10_000; at += 250) t.listening(at);
    t.record(hb('g1', [['a', 0]]), 1_000);
    expect(t.idleSince('a', 0, 10_000)).toBe(0);
  });
});
