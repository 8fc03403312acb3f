/** The simulator's name of the exchange Coinbase Exchange's shapes are served for. */
export const coinbaseMarket = 'Coinbase';

const PRODUCT = /^([A-Z0-9]{1,15})-([A-Z0-9]{1,15})$/;

export function productPair(product: string): { base: string; quote: string } | null {
  const m = PRODUCT.exec(product.toUpperCase());
  return m?.[1] && m[2] ? { base: m[1], quote: m[2] } : null;
}

/** Coinbase writes trade times as ISO 8601 UTC with microseconds. */
export function tradeTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('Z', '000Z');
}
