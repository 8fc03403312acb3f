import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { pairKey } from '@mdp/contracts/keys';
import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import type { Pair } from '../pairs';
import { LatestPerWindow } from './sampler';

export type Delivery =
  | { topic: string; kind: 'ticks'; value: PriceTick }
  | { topic: string; kind: 'candles.1m'; value: Candle };

type Route = { topic: string; spec: DynamicTopicSpec; sampler: LatestPerWindow<PriceTick> | null };

/**
 * Which active dynamic topic gets which data. Topics are indexed by the pairs they want, so routing a
 * batch costs one map lookup per item, not a spec check per topic.
 */
export class DynamicRouter {
  private readonly routes = new Map<string, Route>();
  private byPair = new Map<string, Route[]>();

  /** Replaces the set of active topics; returns the topics that started and stopped. */
  setActive(active: ReadonlyMap<string, DynamicTopicSpec>): { started: string[]; stopped: string[] } {
    const started: string[] = [];
    const stopped: string[] = [];
    for (const topic of this.routes.keys()) {
      if (!active.has(topic)) {
        this.routes.delete(topic);
        stopped.push(topic);
      }
    }
    for (const [topic, spec] of active) {
      if (this.routes.has(topic)) continue;
      const sampler =
        spec.kind === 'ticks' && spec.samplingMs > 0 ? new LatestPerWindow<PriceTick>(spec.samplingMs) : null;
      this.routes.set(topic, { topic, spec, sampler });
      started.push(topic);
    }
    this.byPair = new Map();
    for (const route of this.routes.values()) {
      for (const base of route.spec.symbols) {
        const key = `${route.spec.kind}|${pairKey({ market: route.spec.market, base, quote: route.spec.quote })}`;
        this.byPair.set(key, [...(this.byPair.get(key) ?? []), route]);
      }
    }
    return { started, stopped };
  }

  route(ticks: readonly PriceTick[], candles: readonly Candle[], nowMs: number): Delivery[] {
    const out: Delivery[] = [];
    const sampled: PriceTick[] = [];
    for (const tick of ticks) {
      const key = pairKey(tick);
      for (const r of this.byPair.get(`ticks|${key}`) ?? []) {
        if (!r.sampler) out.push({ topic: r.topic, kind: 'ticks', value: tick });
        else {
          r.sampler.offer(key, tick, nowMs, sampled);
          for (const t of sampled.splice(0)) out.push({ topic: r.topic, kind: 'ticks', value: t });
        }
      }
    }
    for (const candle of candles) {
      for (const r of this.byPair.get(`candles.1m|${pairKey(candle)}`) ?? []) {
        out.push({ topic: r.topic, kind: 'candles.1m', value: candle });
      }
    }
    for (const r of this.routes.values()) {
      r.sampler?.flush(nowMs, sampled);
      for (const t of sampled.splice(0)) out.push({ topic: r.topic, kind: 'ticks', value: t });
    }
    return out;
  }

  /** When a sampled window next needs flushing (null = nothing held). */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const r of this.routes.values()) {
      const due = r.sampler?.nextDueAt() ?? null;
      if (due !== null && (next === null || due < next)) next = due;
    }
    return next;
  }

  /** The pairs active topics need (they are added to what the producer fetches). */
  neededPairs(): Pair[] {
    const pairs: Pair[] = [];
    for (const { spec } of this.routes.values()) {
      for (const base of spec.symbols) pairs.push({ market: spec.market, base, quote: spec.quote });
    }
    return pairs;
  }

  activeTopics(): string[] {
    return [...this.routes.keys()];
  }
}
