import { testRecord } from '../test/records';
import { planMaintenance } from './maintenance-plan';
import { SubscriberTracker } from './subscribers';

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
