import { source } from '../testing/fixtures';
import type { SinkBatch } from './batch';
import { BatchBuffer } from './buffer';
import { createDispatcher } from './dispatcher';

const messages = (partition: number, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => source('t', from + i, 'x', partition));

function setup(overrides: { canTake?: () => boolean } = {}) {
  let clock = 0;
  const buffer = new BatchBuffer();
  const delivered: SinkBatch[] = [];
  const pauses: string[] = [];
  const dispatcher = createDispatcher({
    buffer,
    batchSize: 10,
    flushIntervalMs: 100,
    maxBuffered: 40,
    canTake: overrides.canTake ?? (() => true),
    deliver: (batch) => delivered.push(batch),
    setPaused: (reason, paused) => pauses.push(`${reason}:${paused}`),
    now: () => clock,
  });
  const advance = (ms: number) => {
    clock += ms;
    jest.advanceTimersByTime(ms);
  };
  return {
    buffer,
    delivered,
    pauses,
    dispatcher,
    advance,
    add: (m: ReturnType<typeof messages>) => buffer.add(m, clock),
  };
}

describe('dispatcher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('delivers a full batch at once', () => {
    const t = setup();
    t.add(messages(0, 0, 25));
    t.dispatcher.pump();
    expect(t.delivered.map((b) => b.messages.length)).toEqual([10]);
  });

  it('delivers a partial batch once it waited the flush interval', () => {
    const t = setup();
    t.add(messages(0, 0, 3));
    t.dispatcher.pump();
    t.advance(99);
    expect(t.delivered).toHaveLength(0);
    t.advance(1);
    expect(t.delivered.map((b) => b.messages.length)).toEqual([3]);
  });

  it('holds batches while the machine is busy and never spins on timers', () => {
    let idle = false;
    const t = setup({ canTake: () => idle });
    t.add(messages(0, 0, 15));
    t.dispatcher.pump();
    expect(jest.getTimerCount()).toBe(0);
    t.advance(1000);
    expect(t.delivered).toHaveLength(0);
    idle = true;
    t.dispatcher.pump();
    expect(t.delivered.map((b) => b.messages.length)).toEqual([10]);
    // The remaining 5 have waited longer than the flush interval: they go as soon as asked.
    t.dispatcher.pump();
    expect(t.delivered).toHaveLength(2);
  });

  it('pauses fetching above the buffer limit and resumes below half of it', () => {
    let idle = false;
    const t = setup({ canTake: () => idle });
    t.add(messages(0, 0, 45));
    t.dispatcher.pump();
    expect(t.pauses).toEqual(['backpressure:true']);
    idle = true;
    t.dispatcher.pump(); // 35 left
    t.dispatcher.pump(); // 25 left
    expect(t.pauses).toEqual(['backpressure:true']);
    t.dispatcher.pump(); // 15 left
    expect(t.pauses).toEqual(['backpressure:true', 'backpressure:false']);
  });

  it('flushes everything without waiting when draining', () => {
    const t = setup();
    t.add(messages(0, 0, 3));
    t.dispatcher.flushAll();
    expect(t.delivered.map((b) => b.messages.length)).toEqual([3]);
  });
});
