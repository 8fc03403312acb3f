import { fromCallback } from 'xstate';
import type { ProducerEvent } from '../machine-types';

export type WorkSources = {
  /** When REST work or a sampling flush is next due (null = nothing planned). */
  nextDueAt(): number | null;
  /** Stream items waiting. */
  buffered(): number;
  /** Registers the listener called when stream data or other new work arrives (null removes it). */
  onWork(listener: (() => void) | null): void;
};

/** Re-evaluation period while nothing is planned (stream state or failed pairs may change meanwhile). */
const RECHECK_MS = 1_000;

/**
 * The idle state's `waitForWork` actor: sends FETCH_DATA when a poll is due, a sampling window ends,
 * or stream data has gathered for `batchMs` (one cycle per batch, never one per frame).
 */
export function createWaitForWork(sources: WorkSources, batchMs: number, now: () => number = Date.now) {
  return fromCallback<ProducerEvent>(({ sendBack }) => {
    let timer: NodeJS.Timeout | undefined;
    let fired = false;
    const fire = () => {
      if (fired) return;
      fired = true;
      sendBack({ type: 'FETCH_DATA' });
    };
    let dataSince: number | undefined;
    const plan = () => {
      if (fired) return;
      clearTimeout(timer);
      const t = now();
      // The batch window starts with the first waiting item and is never pushed back.
      if (dataSince === undefined && sources.buffered() > 0) dataSince = t;
      const due = [sources.nextDueAt(), dataSince === undefined ? null : dataSince + batchMs].filter(
        (x): x is number => x !== null,
      );
      const next = due.length > 0 ? Math.min(...due) : Number.POSITIVE_INFINITY;
      if (next <= t) return fire();
      timer = setTimeout(() => plan(), Math.min(next - t, RECHECK_MS));
    };
    sources.onWork(() => plan());
    plan();
    return () => {
      clearTimeout(timer);
      sources.onWork(null);
    };
  });
}
