import { atBoundaries, createManualClock, every } from './clock';

describe('manual clock', () => {
  it('fires timers in due order with now() at their due time', () => {
    const clock = createManualClock(1000);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 100);
    const cancelled = clock.setTimeout(() => seen.push('never'), 150);
    clock.clearTimeout(cancelled);
    clock.advance(500);
    expect(seen).toEqual(['a@1100', 'b@1200']);
    expect(clock.now()).toBe(1500);
  });

  it('runs every() without drift and atBoundaries() on period edges', () => {
    const clock = createManualClock(60_500);
    const ticks: number[] = [];
    const minutes: number[] = [];
    const stopTicks = every(clock, 250, () => ticks.push(clock.now()));
    const stopMinutes = atBoundaries(clock, 60_000, () => minutes.push(clock.now()));
    clock.advance(120_000);
    expect(ticks).toHaveLength(480);
    expect(ticks[1]).toBe(61_000);
    expect(minutes).toEqual([120_000, 180_000]);
    stopTicks();
    stopMinutes();
    expect(clock.pendingTimers()).toBe(0);
  });
});
