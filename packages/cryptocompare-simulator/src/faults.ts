import { z } from 'zod';
import { createRandom } from './market/random';
import type { Limits } from './rate-limiter';

export const malformedKinds = [
  'truncated',
  'non-json',
  'empty',
  'nan-price',
  'null-price',
  'missing-fields',
  'wrong-types',
] as const;
export type MalformedKind = (typeof malformedKinds)[number];

// A fault hits the next `count` requests, or each request with probability `ratio`, or (neither
// given) every request until cleared.
const schedule = {
  count: z.number().int().positive().optional(),
  ratio: z.number().min(0).max(1).optional(),
};
const positive = z.number().int().positive().optional();

export const faultSpecSchema = z.strictObject({
  clear: z.boolean().optional(),
  dropSockets: z.boolean().optional(),
  delay: z.strictObject({ ms: z.number().int().min(0).max(600_000), ...schedule }).optional(),
  malformed: z.strictObject({ kind: z.enum(malformedKinds), ...schedule }).optional(),
  status: z.strictObject({ code: z.number().int().min(400).max(599), ...schedule }).optional(),
  heartbeats: z.boolean().optional(),
  streamSilent: z.boolean().optional(),
  streamMalformed: z.strictObject({ count: z.number().int().positive() }).optional(),
  rateLimit: z
    .strictObject({ second: positive, minute: positive, hour: positive, day: positive, month: positive })
    .optional(),
  resetRateLimit: z.boolean().optional(),
});
export type FaultSpec = z.infer<typeof faultSpecSchema>;

type Scheduled<T> = T & { count?: number; ratio?: number };

export type FaultHooks = {
  dropSockets(): number;
  setRateLimit(limits: Partial<Limits>): void;
  resetRateLimit(): void;
  onChange(spec: FaultSpec): void;
};

/** Injectable faults, shared by the REST side (per request) and the streamer (per frame). */
export class Faults {
  private delaySpec: Scheduled<{ ms: number }> | undefined;
  private malformedSpec: Scheduled<{ kind: MalformedKind }> | undefined;
  private statusSpec: Scheduled<{ code: number }> | undefined;
  private heartbeatsOn = true;
  private silent = false;
  private streamMalformedLeft = 0;
  private readonly rng;

  constructor(
    private readonly hooks: FaultHooks,
    seed: number,
  ) {
    this.rng = createRandom(`${seed}:faults`);
  }

  /** Applies a spec (already validated, or validated here); returns how many sockets were dropped. */
  set(input: FaultSpec): { droppedSockets: number } {
    const spec = faultSpecSchema.parse(input);
    if (spec.clear) this.clear();
    if (spec.delay) this.delaySpec = { ...spec.delay };
    if (spec.malformed) this.malformedSpec = { ...spec.malformed };
    if (spec.status) this.statusSpec = { ...spec.status };
    if (spec.heartbeats !== undefined) this.heartbeatsOn = spec.heartbeats;
    if (spec.streamSilent !== undefined) this.silent = spec.streamSilent;
    if (spec.streamMalformed) this.streamMalformedLeft = spec.streamMalformed.count;
    if (spec.rateLimit) this.hooks.setRateLimit(spec.rateLimit);
    if (spec.resetRateLimit) this.hooks.resetRateLimit();
    const droppedSockets = spec.dropSockets ? this.hooks.dropSockets() : 0;
    this.hooks.onChange(spec);
    return { droppedSockets };
  }

  clear(): void {
    this.delaySpec = undefined;
    this.malformedSpec = undefined;
    this.statusSpec = undefined;
    this.heartbeatsOn = true;
    this.silent = false;
    this.streamMalformedLeft = 0;
  }

  dropSockets(): number {
    return this.set({ dropSockets: true }).droppedSockets;
  }

  delay(ms: number, when: { count?: number; ratio?: number } = {}): void {
    this.set({ delay: { ms, ...when } });
  }

  malformed(kind: MalformedKind, when: { count?: number; ratio?: number } = {}): void {
    this.set({ malformed: { kind, ...when } });
  }

  status(code: number, when: { count?: number; ratio?: number } = {}): void {
    this.set({ status: { code, ...when } });
  }

  stopHeartbeats(): void {
    this.set({ heartbeats: false });
  }

  state() {
    return {
      delay: this.delaySpec ?? null,
      malformed: this.malformedSpec ?? null,
      status: this.statusSpec ?? null,
      heartbeats: this.heartbeatsOn,
      streamSilent: this.silent,
      streamMalformed: this.streamMalformedLeft,
    };
  }

  takeDelayMs(): number {
    const spec = this.delaySpec;
    return spec && this.fires(spec, () => (this.delaySpec = undefined)) ? spec.ms : 0;
  }

  takeMalformed(): MalformedKind | null {
    const spec = this.malformedSpec;
    return spec && this.fires(spec, () => (this.malformedSpec = undefined)) ? spec.kind : null;
  }

  takeStatus(): number | null {
    const spec = this.statusSpec;
    return spec && this.fires(spec, () => (this.statusSpec = undefined)) ? spec.code : null;
  }

  heartbeatsEnabled(): boolean {
    return this.heartbeatsOn && !this.silent;
  }

  streamSilent(): boolean {
    return this.silent;
  }

  takeStreamMalformed(): boolean {
    if (this.streamMalformedLeft <= 0) return false;
    this.streamMalformedLeft -= 1;
    return true;
  }

  private fires(spec: { count?: number; ratio?: number }, expire: () => void): boolean {
    if (spec.count !== undefined) {
      spec.count -= 1;
      if (spec.count <= 0) expire();
      return true;
    }
    if (spec.ratio !== undefined) return this.rng.next() < spec.ratio;
    return true;
  }
}
