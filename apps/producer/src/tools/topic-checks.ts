import { decode } from '@mdp/contracts/codec';
import { Headers } from '@mdp/contracts/headers';
import { pairKey, tickIdentity } from '@mdp/contracts/keys';
import {
  type Candle,
  CandleMessageSchema,
  type PriceTick,
  PriceTickMessageSchema,
} from '@mdp/contracts/market-data';
import type { ReadMessage } from './read-topic';

export type TickReport = {
  messages: number;
  invalid: number;
  duplicates: number;
  wrongKey: number;
  missingHeaders: number;
  perPair: Record<string, number>;
  ticks: PriceTick[];
};
export type CandleReport = {
  messages: number;
  invalid: number;
  wrongKey: number;
  perPair: Record<string, { minutes: number; first: string; last: string; holes: number[] }>;
  candles: Candle[];
};

function hasHeaders(m: ReadMessage): boolean {
  return m.headers[Headers.producedAt] !== undefined && m.headers[Headers.traceparent] !== undefined;
}

/** Every message valid, keyed by its pair, with headers, and no tick identity twice. */
export function checkTicks(messages: readonly ReadMessage[]): TickReport {
  const seen = new Set<string>();
  const report: TickReport = {
    messages: messages.length,
    invalid: 0,
    duplicates: 0,
    wrongKey: 0,
    missingHeaders: 0,
    perPair: {},
    ticks: [],
  };
  for (const m of messages) {
    const parsed = decode(PriceTickMessageSchema, m.value);
    if (!parsed.ok) {
      report.invalid++;
      continue;
    }
    const tick = parsed.value.data;
    report.ticks.push(tick);
    if (m.key !== pairKey(tick)) report.wrongKey++;
    if (!hasHeaders(m)) report.missingHeaders++;
    const id = tickIdentity(tick);
    if (seen.has(id)) report.duplicates++;
    seen.add(id);
    report.perPair[pairKey(tick)] = (report.perPair[pairKey(tick)] ?? 0) + 1;
  }
  return report;
}

/** Every candle valid and keyed; per pair, the minutes between the first and the last have no hole. */
export function checkCandles(messages: readonly ReadMessage[]): CandleReport {
  const starts = new Map<string, Set<number>>();
  const report: CandleReport = {
    messages: messages.length,
    invalid: 0,
    wrongKey: 0,
    perPair: {},
    candles: [],
  };
  for (const m of messages) {
    const parsed = decode(CandleMessageSchema, m.value);
    if (!parsed.ok) {
      report.invalid++;
      continue;
    }
    const c = parsed.value.data;
    report.candles.push(c);
    if (m.key !== pairKey(c)) report.wrongKey++;
    const set = starts.get(pairKey(c)) ?? new Set<number>();
    set.add(c.start);
    starts.set(pairKey(c), set);
  }
  for (const [pair, set] of starts) {
    const sorted = [...set].sort((a, b) => a - b);
    const first = sorted[0] ?? 0;
    const last = sorted[sorted.length - 1] ?? 0;
    const holes: number[] = [];
    for (let t = first; t <= last; t += 60_000) if (!set.has(t)) holes.push(t);
    report.perPair[pair] = {
      minutes: set.size,
      first: new Date(first).toISOString(),
      last: new Date(last).toISOString(),
      holes,
    };
  }
  return report;
}
