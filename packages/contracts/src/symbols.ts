import { z } from 'zod';

/** Asset symbols as CryptoCompare spells them (BTC, USDT, 1INCH): uppercase letters and digits. */
export const SymbolSchema = z
  .string()
  .min(1)
  .max(15)
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{1,15}$/, 'symbol must be 1-15 letters or digits'));

/** Market (exchange or CCCAGG index), compared case-insensitively; normalized to uppercase. */
export const MarketSchema = z
  .string()
  .min(1)
  .max(30)
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{1,30}$/, 'market must be 1-30 letters or digits'));

export const AGGREGATE_MARKET = 'CCCAGG';
