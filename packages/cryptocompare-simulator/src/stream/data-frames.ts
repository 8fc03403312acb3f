import type { Candle } from '../market/candle';
import { flagBits } from '../market/series';
import type { MarketSnapshot } from '../market/snapshot';
import type { Frame } from './control-frames';

/** Fields every type 2/5 frame carries, changed or not (as in all real partial frames). */
const identity = ['TYPE', 'MARKET', 'FROMSYMBOL', 'TOSYMBOL', 'FLAGS'];

/** Full TYPE 5 (CCCAGG index) state; FLAGS is a number on the stream. */
export function indexFrame(snap: MarketSnapshot): Frame {
  return {
    TYPE: '5',
    ...commonTicker(snap),
    MEDIAN: snap.median,
    ...volumesAndRanges(snap),
    LASTMARKET: snap.lastMarket,
    ...hourFields(snap),
    TOPTIERVOLUME24HOUR: snap.topTierVolume24h,
    TOPTIERVOLUME24HOURTO: snap.topTierVolume24hTo,
    CURRENTSUPPLY: snap.circulatingSupply,
    CIRCULATINGSUPPLY: snap.circulatingSupply,
    MAXSUPPLY: snap.maxSupply,
    MKTCAPPENALTY: 0,
    CURRENTSUPPLYMKTCAP: snap.circulatingSupply * snap.price,
    CIRCULATINGSUPPLYMKTCAP: snap.circulatingSupply * snap.price,
    MAXSUPPLYMKTCAP: snap.maxSupply > 0 ? snap.maxSupply * snap.price : -1,
  };
}

/** Full TYPE 2 (exchange ticker) state. */
export function tickerFrame(snap: MarketSnapshot): Frame {
  return { TYPE: '2', ...commonTicker(snap), ...volumesAndRanges(snap), ...hourFields(snap) };
}

/** Only the fields that changed since `previous`, plus the identity fields. */
export function partialFrame(full: Frame, previous: Frame): Frame {
  const out: Frame = {};
  for (const [key, value] of Object.entries(full)) {
    if (identity.includes(key) || previous[key] !== value) out[key] = value;
  }
  return out;
}

/** TYPE 0: one trade on an exchange. */
export function tradeFrame(snap: MarketSnapshot): Frame {
  const side = snap.flags & flagBits.priceUp ? 2 : snap.flags & flagBits.priceDown ? 1 : 4;
  return {
    TYPE: '0',
    M: snap.market,
    FSYM: snap.base,
    TSYM: snap.quote,
    F: side,
    ID: snap.lastTradeId,
    TS: snap.lastUpdate,
    Q: snap.lastVolume,
    P: snap.price,
    TOTAL: snap.lastVolume * snap.price,
    RTS: snap.lastUpdate,
  };
}

/** TYPE 24: one minute period; trade details only once something traded in it. */
export function candleFrame(
  market: string,
  base: string,
  quote: string,
  action: string,
  candle: Candle,
): Frame {
  const frame: Frame = {
    TYPE: '24',
    MARKET: market,
    FROMSYMBOL: base,
    TOSYMBOL: quote,
    TS: candle.start / 1000,
    UNIT: 'm',
    ACTION: action,
    OPEN: candle.open,
    HIGH: candle.high,
    LOW: candle.low,
    CLOSE: candle.close,
    VOLUMEFROM: candle.volumeFrom,
    VOLUMETO: candle.volumeTo,
    TOTALTRADES: candle.trades,
  };
  if (candle.trades > 0 && candle.firstTs !== undefined) {
    frame.FIRSTTS = candle.firstTs;
    frame.LASTTS = candle.lastTs;
    frame.FIRSTPRICE = candle.firstPrice;
    frame.MAXPRICE = candle.maxPrice;
    frame.MINPRICE = candle.minPrice;
    frame.LASTPRICE = candle.close;
  }
  return frame;
}

function commonTicker(snap: MarketSnapshot): Frame {
  return {
    MARKET: snap.market,
    FROMSYMBOL: snap.base,
    TOSYMBOL: snap.quote,
    FLAGS: snap.flags,
    PRICE: snap.price,
    LASTUPDATE: snap.lastUpdate,
  };
}

function volumesAndRanges(snap: MarketSnapshot): Frame {
  return {
    LASTVOLUME: snap.lastVolume,
    LASTVOLUMETO: snap.lastVolumeTo,
    LASTTRADEID: snap.lastTradeId,
    VOLUMEDAY: snap.volumeDay,
    VOLUMEDAYTO: snap.volumeDayTo,
    VOLUME24HOUR: snap.volume24h,
    VOLUME24HOURTO: snap.volume24hTo,
    OPENDAY: snap.openDay,
    HIGHDAY: snap.highDay,
    LOWDAY: snap.lowDay,
    OPEN24HOUR: snap.open24h,
    HIGH24HOUR: snap.high24h,
    LOW24HOUR: snap.low24h,
  };
}

function hourFields(snap: MarketSnapshot): Frame {
  return {
    VOLUMEHOUR: snap.volumeHour,
    VOLUMEHOURTO: snap.volumeHourTo,
    OPENHOUR: snap.openHour,
    HIGHHOUR: snap.highHour,
    LOWHOUR: snap.lowHour,
  };
}
