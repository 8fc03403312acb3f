import type { Fields } from '../cryptocompare/field-values';

/**
 * Type-5 and type-2 frames after the first carry only the fields that changed: each is shallow-merged
 * into the last full state of its channel. The state is dropped when the channel is (re)subscribed,
 * because the server then sends a new full snapshot.
 */
export class PartialMerge {
  private readonly states = new Map<string, Record<string, unknown>>();

  /** Merges a frame into its channel's state and returns the merged state (a live reference). */
  apply(channel: string, frame: Fields): Readonly<Record<string, unknown>> {
    let state = this.states.get(channel);
    if (!state) {
      // No prototype: a hostile "__proto__" key stays a plain field.
      state = Object.create(null) as Record<string, unknown>;
      this.states.set(channel, state);
    }
    for (const key of Object.keys(frame)) {
      const value = frame[key];
      // `undefined` cannot come from JSON; guard anyway so a merge never erases a known field.
      if (value !== undefined) state[key] = value;
    }
    return state;
  }

  reset(channel: string): void {
    this.states.delete(channel);
  }

  resetAll(): void {
    this.states.clear();
  }

  get size(): number {
    return this.states.size;
  }
}
