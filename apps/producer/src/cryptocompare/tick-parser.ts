import { type PriceTick, PriceTickSchema } from '@mdp/contracts/market-data';
import {
  epochMsFromSeconds,
  type Fields,
  finiteNumber,
  isFields,
  nameString,
  nonNegativeInt,
  shortString,
} from './field-values';

export type Origin = PriceTick['origin'];
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Why a payload could not become a tick; also the `reason` label of the skipped-ticks metric. */
export type TickSkipReason = 'not_object' | 'missing_identity' | 'bad_price' | 'bad_update_time' | 'invalid';

function skip<T>(reason: TickSkipReason): ParseResult<T> {
  return { ok: false, reason };
}

/**
 * REST RAW entry, type-5 (aggregate) or type-2 (ticker) state → contract PriceTick. Required: market,
 * symbols, a positive finite PRICE and LASTUPDATE; everything else is optional and becomes null when
 * absent or not a finite number. The result is validated against the contract, so an accepted tick is
 * a whole valid tick.
 */
export function parseTick(raw: unknown, origin: Origin): ParseResult<PriceTick> {
  if (!isFields(raw)) return skip('not_object');
  const market = nameString(raw.MARKET, 30);
  const base = nameString(raw.FROMSYMBOL, 15);
  const quote = nameString(raw.TOSYMBOL, 15);
  if (!market || !base || !quote) return skip('missing_identity');
  const price = finiteNumber(raw.PRICE);
  if (price === null || price <= 0) return skip('bad_price');
  const ts = epochMsFromSeconds(raw.LASTUPDATE);
  if (ts === null) return skip('bad_update_time');
  const opt = (key: string) => finiteNumber(raw[key]);
  const candidate = {
    market,
    base,
    quote,
    price,
    ts,
    tradeId: shortString(raw.LASTTRADEID, 64) ?? '',
    lastVolume: opt('LASTVOLUME'),
    lastVolumeTo: opt('LASTVOLUMETO'),
    volumeDay: opt('VOLUMEDAY'),
    volumeDayTo: opt('VOLUMEDAYTO'),
    volume24h: opt('VOLUME24HOUR'),
    volume24hTo: opt('VOLUME24HOURTO'),
    openDay: opt('OPENDAY'),
    highDay: opt('HIGHDAY'),
    lowDay: opt('LOWDAY'),
    open24h: opt('OPEN24HOUR'),
    high24h: opt('HIGH24HOUR'),
    low24h: opt('LOW24HOUR'),
    bid: opt('BID'),
    ask: opt('ASK'),
    median: opt('MEDIAN'),
    flags: nonNegativeInt(raw.FLAGS),
    origin,
  };
  const checked = PriceTickSchema.safeParse(candidate);
  return checked.success ? { ok: true, value: checked.data } : skip('invalid');
}

/** Every RAW[FSYM][TSYM] entry of a pricemultifull body, with the symbols it was filed under. */
export function rawEntries(body: unknown): Array<{ base: string; quote: string; raw: unknown }> | null {
  if (!isFields(body) || !isFields(body.RAW)) return null;
  const out: Array<{ base: string; quote: string; raw: unknown }> = [];
  for (const [base, byQuote] of Object.entries(body.RAW)) {
    // A quote map that is not an object still names its base: report it as one unparseable entry.
    if (!isFields(byQuote)) out.push({ base, quote: '', raw: byQuote });
    else for (const [quote, raw] of Object.entries(byQuote)) out.push({ base, quote, raw });
  }
  return out;
}

export type { Fields };
