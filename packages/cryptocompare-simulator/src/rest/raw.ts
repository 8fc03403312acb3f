import { hash32 } from '../market/random';
import type { MarketSnapshot } from '../market/snapshot';

export type RawQuote = Record<string, string | number>;

/** The 2021-era RAW object of /data/pricemultifull (45 keys, in the real order; FLAGS a string). */
export function rawQuote(snap: MarketSnapshot): RawQuote {
  const change = (open: number) => snap.price - open;
  const changePct = (open: number) => (open === 0 ? 0 : ((snap.price - open) / open) * 100);
  return {
    TYPE: '5',
    MARKET: snap.market,
    FROMSYMBOL: snap.base,
    TOSYMBOL: snap.quote,
    FLAGS: String(snap.flags),
    PRICE: snap.price,
    LASTUPDATE: snap.lastUpdate,
    MEDIAN: snap.median,
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
    LASTMARKET: snap.lastMarket,
    VOLUMEHOUR: snap.volumeHour,
    VOLUMEHOURTO: snap.volumeHourTo,
    OPENHOUR: snap.openHour,
    HIGHHOUR: snap.highHour,
    LOWHOUR: snap.lowHour,
    TOPTIERVOLUME24HOUR: snap.topTierVolume24h,
    TOPTIERVOLUME24HOURTO: snap.topTierVolume24hTo,
    CHANGE24HOUR: change(snap.open24h),
    CHANGEPCT24HOUR: changePct(snap.open24h),
    CHANGEDAY: change(snap.openDay),
    CHANGEPCTDAY: changePct(snap.openDay),
    CHANGEHOUR: change(snap.openHour),
    CHANGEPCTHOUR: changePct(snap.openHour),
    CONVERSIONTYPE: 'direct',
    CONVERSIONSYMBOL: '',
    SUPPLY: snap.circulatingSupply,
    MKTCAP: snap.circulatingSupply * snap.price,
    MKTCAPPENALTY: 0,
    TOTALVOLUME24H: snap.totalVolume24h,
    TOTALVOLUME24HTO: snap.totalVolume24hTo,
    TOTALTOPTIERVOLUME24H: snap.totalTopTierVolume24h,
    TOTALTOPTIERVOLUME24HTO: snap.totalTopTierVolume24hTo,
    IMAGEURL: imageUrl(snap.base),
  };
}

function imageUrl(base: string): string {
  return `/media/${37_000_000 + (hash32(`image:${base}`) % 1_000_000)}/${base.toLowerCase()}.png`;
}
