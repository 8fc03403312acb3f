import { createHash } from 'node:crypto';
import { encode } from '@mdp/contracts/codec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { pairKey, tickIdentity } from '@mdp/contracts/keys';
import {
  type Candle,
  CandleMessageSchema,
  type PriceTick,
  PriceTickMessageSchema,
} from '@mdp/contracts/market-data';
import type { TopicNames } from '@mdp/contracts/topic-names';
import type { OutgoingMessage } from '@mdp/runtime/outgoing-message';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import type { Delivery } from '../dynamic/router';

/** Envelope ids derived from the data, so a resend after a failed publish can be recognised downstream. */
function idOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function candleIdentity(c: Candle): string {
  return `${pairKey(c)}@${c.start}|${c.open}|${c.high}|${c.low}|${c.close}|${c.volumeFrom}|${c.volumeTo}|${c.trades}`;
}

export type MarketPublisher = {
  publishFixed(ticks: readonly PriceTick[], candles: readonly Candle[]): Promise<void>;
  publishDynamic(deliveries: readonly Delivery[]): Promise<void>;
};

export function createMarketPublisher(opts: {
  producer: IdempotentProducer;
  topics: TopicNames;
  source: string;
  now?: () => Date;
  /** A value the contract refuses (never expected: parsers validate) is counted, not sent. */
  onInvalid: (kind: 'tick' | 'candle', reason: string) => void;
}): MarketPublisher {
  const now = opts.now ?? (() => new Date());

  function tickMessage(t: PriceTick, at: Date, scope: string): OutgoingMessage | null {
    const envelope = makeEnvelope('PriceTick', 1, opts.source, t, {
      id: idOf(`${scope}|${tickIdentity(t)}`),
      at,
    });
    const value = encode(PriceTickMessageSchema, envelope);
    if (!value.ok) {
      opts.onInvalid('tick', value.error.message);
      return null;
    }
    return { key: pairKey(t), value: value.value, type: 'PriceTick' };
  }

  function candleMessage(c: Candle, at: Date, scope: string): OutgoingMessage | null {
    const envelope = makeEnvelope('Candle1m', 1, opts.source, c, {
      id: idOf(`${scope}|${candleIdentity(c)}`),
      at,
    });
    const value = encode(CandleMessageSchema, envelope);
    if (!value.ok) {
      opts.onInvalid('candle', value.error.message);
      return null;
    }
    return { key: pairKey(c), value: value.value, type: 'Candle1m' };
  }

  const present = <T>(x: T | null): x is T => x !== null;

  /** Waits for every send before failing, so a retry never overlaps a send still in flight. */
  async function settleAll(sends: Promise<void>[]): Promise<void> {
    const results = await Promise.allSettled(sends);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  return {
    async publishFixed(ticks, candles) {
      const at = now();
      const sends: Promise<void>[] = [];
      const tickMessages = ticks.map((t) => tickMessage(t, at, opts.topics.ticks)).filter(present);
      const candleMessages = candles.map((c) => candleMessage(c, at, opts.topics.candles1m)).filter(present);
      if (tickMessages.length > 0) sends.push(opts.producer.send(opts.topics.ticks, tickMessages));
      if (candleMessages.length > 0) sends.push(opts.producer.send(opts.topics.candles1m, candleMessages));
      await settleAll(sends);
    },
    async publishDynamic(deliveries) {
      const at = now();
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const d of deliveries) {
        const message =
          d.kind === 'ticks' ? tickMessage(d.value, at, d.topic) : candleMessage(d.value, at, d.topic);
        if (!message) continue;
        const list = byTopic.get(d.topic) ?? [];
        list.push(message);
        byTopic.set(d.topic, list);
      }
      await settleAll([...byTopic].map(([topic, messages]) => opts.producer.send(topic, messages)));
    },
  };
}
