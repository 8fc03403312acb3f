import { baseGlyph } from '../market/symbols';
import type { RawQuote } from './raw';

const inQuote = new Set([
  'PRICE',
  'OPENDAY',
  'HIGHDAY',
  'LOWDAY',
  'OPEN24HOUR',
  'HIGH24HOUR',
  'LOW24HOUR',
  'OPENHOUR',
  'HIGHHOUR',
  'LOWHOUR',
  'LASTVOLUMETO',
  'VOLUMEDAYTO',
  'VOLUME24HOURTO',
  'VOLUMEHOURTO',
  'TOPTIERVOLUME24HOURTO',
]);
const inBase = new Set([
  'LASTVOLUME',
  'VOLUMEDAY',
  'VOLUME24HOUR',
  'VOLUMEHOUR',
  'TOPTIERVOLUME24HOUR',
  'SUPPLY',
]);
const changes = new Set(['CHANGE24HOUR', 'CHANGEDAY', 'CHANGEHOUR']);
const percents = new Set(['CHANGEPCT24HOUR', 'CHANGEPCTDAY', 'CHANGEPCTHOUR']);
const bigInQuote = new Set(['MKTCAP', 'TOTALVOLUME24HTO', 'TOTALTOPTIERVOLUME24HTO']);
const bigInBase = new Set(['TOTALVOLUME24H', 'TOTALTOPTIERVOLUME24H']);
const notDisplayed = new Set(['TYPE', 'FLAGS', 'MEDIAN', 'FROMSYMBOL', 'TOSYMBOL', 'MARKET']);

/** The DISPLAY twin of a RAW object: the same keys minus TYPE/FLAGS/MEDIAN, all preformatted strings. */
export function displayQuote(raw: RawQuote, quoteGlyph: string): Record<string, string> {
  const base = String(raw.FROMSYMBOL);
  const market = String(raw.MARKET);
  const display: Record<string, string> = {
    FROMSYMBOL: baseGlyph(base),
    TOSYMBOL: quoteGlyph,
    MARKET: market === 'CCCAGG' ? 'CryptoCompare Index' : market,
  };
  for (const [key, value] of Object.entries(raw)) {
    if (notDisplayed.has(key)) continue;
    display[key] = typeof value === 'number' ? formatField(key, value, baseGlyph(base), quoteGlyph) : value;
  }
  return display;
}

function formatField(key: string, value: number, baseSign: string, quoteSign: string): string {
  if (key === 'LASTUPDATE') return 'Just now';
  if (key === 'MKTCAPPENALTY') return `${value} %`;
  if (inQuote.has(key)) return `${quoteSign} ${formatAmount(value)}`;
  if (inBase.has(key)) return `${baseSign} ${formatAmount(value)}`;
  if (changes.has(key)) return `${quoteSign} ${group(value, 2)}`;
  if (percents.has(key)) return value.toFixed(2);
  if (bigInQuote.has(key)) return `${quoteSign} ${abbreviate(value)}`;
  if (bigInBase.has(key)) return `${baseSign} ${abbreviate(value)}`;
  return String(value);
}

/** 59,692.1 / 323.23 / 0.0008009: one decimal from a thousand up, two above one, else four digits. */
export function formatAmount(value: number): string {
  const size = Math.abs(value);
  if (size >= 1000) return group(value, 1);
  if (size >= 1 || size === 0) return group(value, 2);
  return value.toPrecision(4);
}

/** 221.03 K / 13.20 B; the real API has no T: a trillion market cap reads "1,114.99 B". */
export function abbreviate(value: number): string {
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, unit] of units) if (Math.abs(value) >= size) return `${group(value / size, 2)} ${unit}`;
  return group(value, 2);
}

function group(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
