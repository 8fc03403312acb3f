import { aggregateMarket } from '../market/symbols';
import type { Universe } from '../market/universe';

export type ChannelType = '0' | '2' | '5' | '24';

/** A parsed `TYPE~MARKET~BASE~QUOTE[~PERIOD]` subscription with its canonical spelling as `key`. */
export type Channel = { type: ChannelType; market: string; base: string; quote: string; key: string };

export type ParsedSub = { ok: true; channel: Channel } | { ok: false; info: string };

const notMapped = (base: string) =>
  `We have not integrated any of the exchanges ${base} trades on or we have not currently mapped it.`;

export function parseSub(sub: string, universe: Universe): ParsedSub {
  const parts = sub.split('~');
  const [type, marketPart, basePart, quotePart, period] = parts;
  if (!type || !marketPart || !basePart || !quotePart)
    return { ok: false, info: 'The subscription format is TYPE~MARKET~FROMSYMBOL~TOSYMBOL.' };
  if (type !== '0' && type !== '2' && type !== '5' && type !== '24') {
    return { ok: false, info: `Subscription type ${type} is not available on this streamer.` };
  }
  const expectedParts = type === '24' ? 5 : 4;
  if (parts.length !== expectedParts)
    return { ok: false, info: `Subscriptions of type ${type} have ${expectedParts} parts.` };
  if (type === '24' && period !== 'm') return { ok: false, info: 'Only minute candles (~m) are available.' };
  const market = universe.marketName(marketPart);
  const base = basePart.toUpperCase();
  const quote = quotePart.toUpperCase();
  if (!market) return { ok: false, info: `Market ${marketPart} does not exist.` };
  if (type === '5' && market !== aggregateMarket)
    return { ok: false, info: 'Type 5 is only available for CCCAGG.' };
  if ((type === '0' || type === '2') && market === aggregateMarket) {
    return { ok: false, info: `Type ${type} needs an exchange, not ${aggregateMarket}.` };
  }
  if (!universe.pairExists(base, quote)) return { ok: false, info: notMapped(base) };
  const key = `${type}~${market}~${base}~${quote}${type === '24' ? '~m' : ''}`;
  return { ok: true, channel: { type, market, base, quote, key } };
}

export function channelKey(type: ChannelType, market: string, base: string, quote: string): string {
  return `${type}~${market}~${base}~${quote}${type === '24' ? '~m' : ''}`;
}
