import { createActor, createMachine } from 'xstate';
import { createWaitForWork, type WorkSources } from './work-trigger';

function harness(sources: Partial<WorkSources>, batchMs = 100) {
  let listener: (() => void) | null = null;
  const full: WorkSources = {
    nextDueAt: () => null,
    buffered: () => 0,
    onWork: (l) => {
      listener = l;
    },
    ...sources,
  };
  const events: string[] = [];
  const parent = createMachine({
    invoke: { id: 'w', src: createWaitForWork(full, batchMs) },
    on: { FETCH_DATA: { actions: () => events.push('FETCH_DATA') } },
  });
  const actor = createActor(parent).start();
  return { events, actor, wake: () => listener?.(), hasListener: () => listener !== null };
}

describe('waitForWork', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('fires at once when work is due, and only once', () => {
    const h = harness({ nextDueAt: () => 0 });
    expect(h.events).toEqual(['FETCH_DATA']);
    jest.advanceTimersByTime(5_000);
    expect(h.events).toEqual(['FETCH_DATA']);
  });

  it('fires when the next poll is due', () => {
    const h = harness({ nextDueAt: () => 1_002_500 });
    jest.advanceTimersByTime(2_499);
    expect(h.events).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(h.events).toEqual(['FETCH_DATA']);
  });

  it('gathers stream data for the batch window, not pushed back by more data', () => {
    let buffered = 0;
    const h = harness({ buffered: () => buffered }, 100);
    buffered = 1;
    h.wake();
    jest.advanceTimersByTime(60);
    buffered = 2;
    h.wake();
    jest.advanceTimersByTime(39);
    expect(h.events).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(h.events).toEqual(['FETCH_DATA']);
  });

  it('removes its listener when the state is left', () => {
    const h = harness({});
    expect(h.hasListener()).toBe(true);
    h.actor.stop();
    expect(h.hasListener()).toBe(false);
  });
});
