import { type OrphanFacts, type OrphanMemory, planOrphans } from './orphan-plan';

const GRACE = 1_000;

/** One reconciliation pass over a single orphan `o1`. */
function pass(memory: Map<string, OrphanMemory>, now: number, facts: Partial<OrphanFacts>, complete = true) {
  const orphans = new Map([['o1', { endOffsets: '0', idleSince: 0, ...facts }]]);
  return planOrphans({ orphans, registryComplete: complete, now, graceMs: GRACE, memory })[0]?.verdict;
}

describe('planOrphans', () => {
  it('deletes a quiet orphan only after the grace period and only with a complete registry read', () => {
    const memory = new Map<string, OrphanMemory>();
    expect(pass(memory, 10_000, {})).toBe('grace');
    expect(pass(memory, 10_999, {})).toBe('grace');
    expect(pass(memory, 11_000, {}, false)).toBe('registry_incomplete');
    expect(pass(memory, 11_000, {})).toBe('delete');
  });

  it('never deletes with an incomplete registry read, however long the orphan was quiet', () => {
    const memory = new Map<string, OrphanMemory>();
    for (const now of [0, 1_000, 60_000, 86_400_000])
      expect(pass(memory, now, {}, false)).toBe(now === 0 ? 'grace' : 'registry_incomplete');
  });

  it('starts the grace period over when the end offsets move (new data)', () => {
    const memory = new Map<string, OrphanMemory>();
    pass(memory, 10_000, { endOffsets: '5' });
    expect(pass(memory, 10_900, { endOffsets: '7' })).toBe('grace');
    expect(pass(memory, 11_500, { endOffsets: '7' })).toBe('grace');
    expect(pass(memory, 11_900, { endOffsets: '7' })).toBe('delete');
  });

  it('keeps an orphan in use, and counts its grace from when it fell idle', () => {
    const memory = new Map<string, OrphanMemory>();
    pass(memory, 10_000, {});
    expect(pass(memory, 20_000, { idleSince: null })).toBe('in_use');
    expect(pass(memory, 20_500, { idleSince: 20_000 })).toBe('grace');
    expect(pass(memory, 21_000, { idleSince: 20_000 })).toBe('delete');
  });

  it('reports when each orphan was first seen and forgets orphans that are gone', () => {
    const memory = new Map<string, OrphanMemory>();
    pass(memory, 10_000, {});
    const report = planOrphans({
      orphans: new Map([['o2', { endOffsets: '3', idleSince: 0 }]]),
      registryComplete: true,
      now: 12_000,
      graceMs: GRACE,
      memory,
    });
    expect(report).toEqual([{ topic: 'o2', firstSeen: 12_000, quietSince: 12_000, verdict: 'grace' }]);
    expect([...memory.keys()]).toEqual(['o2']);
  });
});
