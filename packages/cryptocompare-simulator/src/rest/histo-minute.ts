import type { Clock } from '../clock';
import type { Candle } from '../market/candle';
import { mergeCandles, minuteMs } from '../market/candle';
import type { Market } from '../market/market';
import { aggregateMarket } from '../market/symbols';
import type { ErrorBody, SuccessBody } from './envelope';
import { pairError, paramError, success, tooLong } from './envelope';
import { integer, symbol } from './params';

export const maxPoints = 2000;
export const minuteRetentionSeconds = 7 * 86_400;

export type HistoPoint = {
  time: number;
  high: number;
  low: number;
  open: number;
  volumefrom: number;
  volumeto: number;
  close: number;
  conversionType: string;
  conversionSymbol: string;
};

export type HistoData = { Aggregated: boolean; TimeFrom: number; TimeTo: number; Data: HistoPoint[] };

/** GET /data/v2/histominute: limit + 1 points ascending, ending at the period holding `toTs`. */
export function histoMinute(
  query: URLSearchParams,
  market: Market,
  clock: Clock,
): SuccessBody<HistoData> | ErrorBody {
  const fsym = symbol(query, 'fsym', 30);
  if (!fsym.ok) return fsym.error;
  const tsym = symbol(query, 'tsym', 30);
  if (!tsym.ok) return tsym.error;
  const requested = query.get('e') ?? aggregateMarket;
  if (requested.length > 30) return tooLong('e', 30);
  const marketName = market.universe.marketName(requested.trim() || aggregateMarket);
  if (!market.universe.isKnownBase(fsym.value))
    return paramError('fsym', `There is no data for the symbol ${fsym.value} .`);
  if (!marketName || !market.universe.pairExists(fsym.value, tsym.value))
    return pairError(fsym.value, tsym.value);
  const aggregate = integer(query, 'aggregate', 1, 1, 30);
  if (!aggregate.ok) return aggregate.error;
  const limitParam = integer(query, 'limit', 1440, 1, Number.MAX_SAFE_INTEGER);
  if (!limitParam.ok) return limitParam.error;
  // "If limit * aggregate > 2000 we reduce the limit param on our side."
  const limit = Math.min(limitParam.value, Math.floor(maxPoints / aggregate.value));
  const nowSeconds = Math.floor(clock.now() / 1000);
  const toTsParam = integer(query, 'toTs', nowSeconds, 0, Number.MAX_SAFE_INTEGER);
  if (!toTsParam.ok) return toTsParam.error;
  const toTs = Math.min(toTsParam.value, nowSeconds);
  if (toTs < nowSeconds - minuteRetentionSeconds) {
    return paramError(
      'toTs',
      `Minute data for ${fsym.value}-${tsym.value} is only available for the last 7 days.`,
    );
  }
  const slotSeconds = 60 * aggregate.value;
  const lastSlot = Math.floor(toTs / slotSeconds) * slotSeconds;
  const points: HistoPoint[] = [];
  for (let k = limit; k >= 0; k--) {
    const slot = lastSlot - k * slotSeconds;
    const minutes: Candle[] = [];
    for (let m = 0; m < aggregate.value; m++) {
      const minute = market.minute(marketName, fsym.value, tsym.value, slot * 1000 + m * minuteMs);
      if (minute) minutes.push(minute);
    }
    points.push(toPoint(slot, mergeCandles(slot * 1000, minutes)));
  }
  return success({
    Aggregated: aggregate.value > 1,
    TimeFrom: points[0]?.time ?? lastSlot,
    TimeTo: points[points.length - 1]?.time ?? lastSlot,
    Data: points,
  });
}

/** Periods before the data starts are all zeros, as the real API serves them. */
function toPoint(time: number, candle: Candle | null): HistoPoint {
  return {
    time,
    high: candle?.high ?? 0,
    low: candle?.low ?? 0,
    open: candle?.open ?? 0,
    volumefrom: candle?.volumeFrom ?? 0,
    volumeto: candle?.volumeTo ?? 0,
    close: candle?.close ?? 0,
    conversionType: 'direct',
    conversionSymbol: '',
  };
}
