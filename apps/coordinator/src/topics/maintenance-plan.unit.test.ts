import { RECOVERY_MIN_MS, SubscriberTracker } from '../events/subscribers';
import { testRecord } from '../testing/records';
import { planMaintenance } from './maintenance-plan';

const hb = (gatewayId: string, topics: [string, number][], intervalMs = 1_000) => ({
  gatewayId,
  intervalMs,
  topics: topics.map(([topic, subscribers]) => ({ topic, subscribers })),
});

describe('planMaintenance', () => {
  const lifecycle = { idleRetireMs: 10_000, retireGraceMs: 5_000 };
  it('retires active topics idle for IDLE_RETIRE_MS and deletes retiring ones after the grace period', () => {
    const t = new SubscriberTracker(0);
    const idle = testRecord({ topic: 'idle' });
    const used = testRecord({ topic: 'used' });
    const young = testRecord({ topic: 'young', updatedAt: new Date(5_000).toISOString() });
    const due = testRecord({ topic: 'due', status: 'retiring', updatedAt: new Date(4_000).toISOString() });
    const notYet = testRecord({
      topic: 'not-yet',
      status: 'retiring',
      updatedAt: new Date(6_000).toISOString(),
    });
    const failed = testRecord({ topic: 'failed', status: 'failed' });
    t.record(hb('g', [['used', 1]], 60_000), 9_000);
    const plan = planMaintenance([idle, used, young, due, notYet, failed], t, 10_000, lifecycle);
    expect(plan.retire.map((r) => r.topic)).toEqual(['idle']);
    expect(plan.delete.map((r) => r.topic)).toEqual(['due']);
  });
});

describe('planMaintenance around a broker outage (heartbeats every 500 ms, IDLE_RETIRE_MS 3 s)', () => {
  const lifecycle = { idleRetireMs: 3_000, retireGraceMs: 1_000 };
  const record = testRecord({ topic: 'a' });

  /**
   * Fetches every 250 ms except during the outage, maintenance every 250 ms; the gateway beats
   * every 500 ms before the outage and again from `gatewayBackAt` on. Returns when retirement was
   * first planned, or null.
   */
  const firstRetirement = (outage: { from: number; to: number }, gatewayBackAt: number, until: number) => {
    const t = new SubscriberTracker(0);
    for (let now = 0; now <= until; now += 250) {
      const down = now >= outage.from && now < outage.to;
      if (!down) t.listening(now);
      if (!down && now % 500 === 0 && (now < outage.from || now >= gatewayBackAt))
        t.record(hb('g1', [['a', 1]], 500), now);
      if (planMaintenance([record], t, now, lifecycle).retire.length > 0) return now;
    }
    return null;
  };

  it('keeps a subscribed topic when the gateway needs longer than 3 intervals + IDLE_RETIRE_MS to report again', () => {
    expect(firstRetirement({ from: 5_000, to: 13_000 }, 13_000 + 8_000, 60_000)).toBeNull();
  });

  it('keeps it while the broker is gone but hearing has not yet been judged lost', () => {
    expect(firstRetirement({ from: 5_000, to: 9_500 }, 9_500, 30_000)).toBeNull();
  });

  it('retires it once the gateway missed its recovery deadline and the topic then stayed idle', () => {
    const retiredAt = firstRetirement({ from: 5_000, to: 13_000 }, Number.POSITIVE_INFINITY, 120_000);
    expect(retiredAt).toBe(13_000 + RECOVERY_MIN_MS + lifecycle.idleRetireMs);
  });
});
