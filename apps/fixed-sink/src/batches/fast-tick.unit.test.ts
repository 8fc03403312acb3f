import { decode } from '@mdp/contracts/codec';
import { PriceTickMessageSchema } from '@mdp/contracts/market-data';
import { tick, tickMessage } from '../testing/fixtures';
import { canonicalTime, fastTick } from './fast-tick';

const valid = () => JSON.parse(JSON.stringify(tickMessage(tick()))) as Record<string, unknown>;
const withData = (field: string, value: unknown) => {
  const envelope = valid();
  (envelope.data as Record<string, unknown>)[field] = value;
  return envelope;
};
const withEnvelope = (field: string, value: unknown) => ({ ...valid(), [field]: value });
const zodAccepts = (json: unknown) => decode(PriceTickMessageSchema, JSON.stringify(json)).ok;

const BAD_NUMBERS = [null, '1', Number.NaN, -1, 0, 1.5, 2 ** 60, true, {}, []];
const variants: [string, unknown][] = [
  ['valid', valid()],
  ...['market', 'base', 'quote'].flatMap((f) =>
    ['btc', ' BTC', 'B-TC', '', 'X'.repeat(31), 5, null].map((v): [string, unknown] => [
      `${f}=${v}`,
      withData(f, v),
    ]),
  ),
  ...['price', 'ts', 'flags', 'bid', 'lastVolume'].flatMap((f) =>
    BAD_NUMBERS.map((v): [string, unknown] => [`${f}=${String(v)}`, withData(f, v)]),
  ),
  ['tradeId long', withData('tradeId', 'x'.repeat(65))],
  ['tradeId number', withData('tradeId', 7)],
  ['origin', withData('origin', 'STREAM')],
  [
    'no median',
    (() => {
      const e = valid();
      delete (e.data as Record<string, unknown>).median;
      return e;
    })(),
  ],
  ['type', withEnvelope('type', 'Candle1m')],
  ['version', withEnvelope('version', 2)],
  ['id empty', withEnvelope('id', '')],
  ['source', withEnvelope('source', 'Producer')],
  ['at offset', withEnvelope('at', '2023-11-14T22:13:20.500+00:00')],
  ['at no ms', withEnvelope('at', '2023-11-14T22:13:20Z')],
  ['at bad day', withEnvelope('at', '2023-02-30T22:13:20.500Z')],
  ['data array', withEnvelope('data', [])],
  ['array', [valid()]],
];

describe('fastTick (the hot-path check of a PriceTick envelope)', () => {
  it.each(variants)(
    'never accepts what the contract refuses, and agrees on what it accepts: %s',
    (_, json) => {
      const fast = fastTick(json);
      if (fast === undefined) return; // zod decides (and explains)
      expect(zodAccepts(json)).toBe(true);
      const parsed = decode(PriceTickMessageSchema, JSON.stringify(json));
      if (!parsed.ok) throw new Error('unreachable');
      expect(fast.tick).toMatchObject(parsed.value.data);
      expect(fast.id).toBe(parsed.value.id);
      expect(fast.producedAt).toBe(Date.parse(parsed.value.at));
    },
  );

  it('accepts what producers write', () => {
    expect(fastTick(valid())).toBeDefined();
    expect(fastTick(withData('flags', null))).toBeDefined();
    expect(fastTick(withData('tradeId', ''))).toBeDefined();
  });

  it('leaves symbols zod would normalize to zod', () => {
    expect(fastTick(withData('base', 'btc'))).toBeUndefined();
    expect(zodAccepts(withData('base', 'btc'))).toBe(true);
  });

  it('reads only canonical ISO times', () => {
    expect(canonicalTime('2023-11-14T22:13:20.500Z')).toBe(1_700_000_000_500);
    expect(canonicalTime('2023-11-14T22:13:20.500Z')).toBe(1_700_000_000_500);
    expect(canonicalTime('2023-11-14T22:13:20.5Z')).toBeUndefined();
    expect(canonicalTime('2023-02-30T22:13:20.500Z')).toBeUndefined();
    expect(canonicalTime(1_700_000_000_500)).toBeUndefined();
  });
});
