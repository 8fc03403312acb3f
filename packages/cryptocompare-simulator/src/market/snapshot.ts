import type { Candle } from './candle';
import { unitFromName } from './random';
import type { PairSeries } from './series';
import { flagBits } from './series';
import type { BaseInfo } from './symbols';
import { aggregateMarket, roundPrice } from './symbols';

/** Everything the REST RAW object and the type 2/5 frames are built from, as plain numbers. */
export type MarketSnapshot = {
  market: string;
  base: string;
  quote: string;
  flags: number;
  price: number;
  lastUpdate: number;
  median: number;
  lastVolume: number;
  lastVolumeTo: number;
  lastTradeId: string;
  lastMarket: string;
  volumeDay: number;
  volumeDayTo: number;
  volume24h: number;
  volume24hTo: number;
  openDay: number;
  highDay: number;
  lowDay: number;
  open24h: number;
  high24h: number;
  low24h: number;
  volumeHour: number;
  volumeHourTo: number;
  openHour: number;
  highHour: number;
  lowHour: number;
  topTierVolume24h: number;
  topTierVolume24hTo: number;
  totalVolume24h: number;
  totalVolume24hTo: number;
  totalTopTierVolume24h: number;
  totalTopTierVolume24hTo: number;
  circulatingSupply: number;
  maxSupply: number;
};

/** How an exchange's book relates to the index: a small fixed premium and a share of the volume. */
export type ExchangeView = { market: string; priceFactor: number; volumeShare: number; tradeIdBase: number };

export const indexView: ExchangeView = {
  market: aggregateMarket,
  priceFactor: 1,
  volumeShare: 1,
  tradeIdBase: 0,
};

export function exchangeView(seed: number, market: string, base: string, quote: string): ExchangeView {
  const name = `${seed}:${market}:${base}-${quote}`;
  return {
    market,
    priceFactor: 1 + (unitFromName(`premium:${name}`) - 0.5) * 0.002,
    volumeShare: 0.03 + unitFromName(`share:${name}`) * 0.2,
    tradeIdBase: 1_000_000 + Math.floor(unitFromName(`ids:${name}`) * 500_000_000),
  };
}

export function viewPrice(view: ExchangeView, price: number): number {
  return view.priceFactor === 1 ? price : roundPrice(price * view.priceFactor);
}

export function viewCandle(view: ExchangeView, candle: Candle): Candle {
  if (view.market === aggregateMarket) return candle;
  const scaled: Candle = {
    ...candle,
    open: viewPrice(view, candle.open),
    high: viewPrice(view, candle.high),
    low: viewPrice(view, candle.low),
    close: viewPrice(view, candle.close),
    volumeFrom: candle.volumeFrom * view.volumeShare,
    volumeTo: candle.volumeTo * view.volumeShare * view.priceFactor,
  };
  for (const key of ['firstPrice', 'maxPrice', 'minPrice'] as const) {
    const value = candle[key];
    if (value !== undefined) scaled[key] = viewPrice(view, value);
  }
  return scaled;
}

export function takeSnapshot(series: PairSeries, info: BaseInfo, view: ExchangeView): MarketSnapshot {
  const day = summarize(series.today().map((hour) => viewCandle(view, hour)));
  const rolling = summarize(series.last24Hours().map((hour) => viewCandle(view, hour)));
  const hour = viewCandle(view, series.currentHour);
  const price = viewPrice(view, series.price);
  const previous = viewPrice(view, series.previousPrice);
  const isIndex = view.market === aggregateMarket;
  const priceFlag =
    price > previous ? flagBits.priceUp : price < previous ? flagBits.priceDown : flagBits.priceUnchanged;
  // Volume of the base across all its pairs, and the top-tier part of it (fixed ratios per pair).
  const totalFactor = 3 + unitFromName(`total:${series.base}`) * 5;
  const topTier = 0.9 + unitFromName(`toptier:${series.base}-${series.quote}`) * 0.1;
  return {
    market: view.market,
    base: series.base,
    quote: series.quote,
    flags: isIndex ? series.flags : priceFlag,
    price,
    lastUpdate: series.lastUpdate,
    median: viewPrice(view, series.median),
    lastVolume: series.lastVolume * view.volumeShare,
    lastVolumeTo: series.lastVolume * view.volumeShare * price,
    lastTradeId: isIndex ? series.lastTradeId : String(view.tradeIdBase + series.tradeSeq),
    lastMarket: isIndex ? series.lastMarket : view.market,
    volumeDay: day.volumeFrom,
    volumeDayTo: day.volumeTo,
    volume24h: rolling.volumeFrom,
    volume24hTo: rolling.volumeTo,
    openDay: day.open,
    highDay: day.high,
    lowDay: day.low,
    open24h: rolling.open,
    high24h: rolling.high,
    low24h: rolling.low,
    volumeHour: hour.volumeFrom,
    volumeHourTo: hour.volumeTo,
    openHour: hour.open,
    highHour: hour.high,
    lowHour: hour.low,
    topTierVolume24h: rolling.volumeFrom * topTier,
    topTierVolume24hTo: rolling.volumeTo * topTier,
    totalVolume24h: rolling.volumeFrom * totalFactor,
    totalVolume24hTo: rolling.volumeFrom * totalFactor * price,
    totalTopTierVolume24h: rolling.volumeFrom * totalFactor * topTier,
    totalTopTierVolume24hTo: rolling.volumeFrom * totalFactor * topTier * price,
    circulatingSupply: info.circulatingSupply,
    maxSupply: info.maxSupply,
  };
}

function summarize(
  periods: readonly Candle[],
): Pick<Candle, 'open' | 'high' | 'low' | 'volumeFrom' | 'volumeTo'> {
  const first = periods[0];
  const summary = {
    open: first?.open ?? 0,
    high: first?.high ?? 0,
    low: first?.low ?? 0,
    volumeFrom: 0,
    volumeTo: 0,
  };
  for (const period of periods) {
    summary.high = Math.max(summary.high, period.high);
    summary.low = Math.min(summary.low, period.low);
    summary.volumeFrom += period.volumeFrom;
    summary.volumeTo += period.volumeTo;
  }
  return summary;
}
