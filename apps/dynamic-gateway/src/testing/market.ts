import { encode } from '@mdp/contracts/codec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { pairKey } from '@mdp/contracts/keys';
import { type PriceTick, PriceTickMessageSchema, priceTick } from '@mdp/contracts/market-data';
import type { Producer } from 'kafkajs';

export function tick(base: string, n: number, quote = 'USD'): PriceTick {
  return priceTick({
    market: 'CCCAGG',
    base,
    quote,
    price: 100 + n,
    ts: 1_700_000_000_000 + n,
    tradeId: String(n),
    origin: 'replay',
  });
}

/** Stands in for the producer: PriceTick envelopes keyed by pair (so a pair stays on one partition). */
export async function writeTicks(producer: Producer, topic: string, ticks: PriceTick[]): Promise<void> {
  const messages = ticks.map((t) => {
    const value = encode(PriceTickMessageSchema, makeEnvelope('PriceTick', 1, 'producer', t));
    if (!value.ok) throw new Error(value.error.message);
    return { key: pairKey(t), value: value.value };
  });
  await producer.send({ topic, messages, acks: -1 });
}

/** The tick's identity in what a client received (the envelopes' data). */
export const tickId = (envelope: { data: { base: string; tradeId: string } }) =>
  `${envelope.data.base}#${envelope.data.tradeId}`;
