import type { PriceTick } from '@mdp/contracts/market-data';

/**
 * A full CryptoCompare streamer type-5 frame for a tick (as the real streamer sends on subscribe;
 * LASTUPDATE in seconds, as on the wire).
 */
export function type5Frame(t: PriceTick): string {
  return JSON.stringify({
    TYPE: '5',
    MARKET: t.market,
    FROMSYMBOL: t.base,
    TOSYMBOL: t.quote,
    FLAGS: t.flags,
    PRICE: t.price,
    LASTUPDATE: Math.floor(t.ts / 1000),
    MEDIAN: t.median,
    LASTVOLUME: t.lastVolume,
    LASTVOLUMETO: t.lastVolumeTo,
    LASTTRADEID: t.tradeId,
    VOLUMEDAY: t.volumeDay,
    VOLUMEDAYTO: t.volumeDayTo,
    VOLUME24HOUR: t.volume24h,
    VOLUME24HOURTO: t.volume24hTo,
    OPENDAY: t.openDay,
    HIGHDAY: t.highDay,
    LOWDAY: t.lowDay,
    OPEN24HOUR: t.open24h,
    HIGH24HOUR: t.high24h,
    LOW24HOUR: t.low24h,
    BID: t.bid,
    ASK: t.ask,
  });
}

/** The tick the producer makes of `type5Frame(t)`: the update time truncated to the second. */
export function asParsed(t: PriceTick): PriceTick {
  return { ...t, ts: Math.floor(t.ts / 1000) * 1000 };
}
