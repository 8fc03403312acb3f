import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { PriceTick } from '@mdp/contracts/market-data';
import postgres from 'postgres';
import { z } from 'zod';
import { syntheticPairs, syntheticTick } from '../data/synthetic-ticks';
import { deadline, runWorker } from './worker-runtime';

const config = z.object({
  ...deadline,
  databaseUrl: z.string().min(1),
  table: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  count: z.number().int().positive().max(10_000_000),
  pairs: z.number().int().positive().max(200),
  startMs: z.number().int().positive(),
});

/** The sink's ticks columns (apps/fixed-sink migrations), minus ingested_at, which defaults to now(). */
const COLUMNS = [
  'market',
  'base',
  'quote',
  'ts',
  'trade_id',
  'price',
  'last_volume',
  'last_volume_to',
  'volume_day',
  'volume_day_to',
  'volume_24h',
  'volume_24h_to',
  'open_day',
  'high_day',
  'low_day',
  'open_24h',
  'high_24h',
  'low_24h',
  'bid',
  'ask',
  'median',
  'flags',
  'origin',
  'message_id',
  'produced_at',
];

const n = (v: number | null) => (v === null ? '\\N' : String(v));

/** One row in COPY text format (the values have no tabs, newlines or backslashes). */
function copyLine(t: PriceTick, id: string, producedAtIso: string): string {
  const values = [
    t.market,
    t.base,
    t.quote,
    new Date(t.ts).toISOString(),
    t.tradeId,
    String(t.price),
    n(t.lastVolume),
    n(t.lastVolumeTo),
    n(t.volumeDay),
    n(t.volumeDayTo),
    n(t.volume24h),
    n(t.volume24hTo),
    n(t.openDay),
    n(t.highDay),
    n(t.lowDay),
    n(t.open24h),
    n(t.high24h),
    n(t.low24h),
    n(t.bid),
    n(t.ask),
    n(t.median),
    n(t.flags),
    t.origin,
    id,
    producedAtIso,
  ];
  return `${values.join('\t')}\n`;
}

/** Baseline of the sink benchmark: the same rows loaded by one COPY into the same table. */
runWorker(config, async (c) => {
  const sql = postgres(c.databaseUrl, { max: 1, onnotice: () => {} });
  const pairs = syntheticPairs(c.pairs);
  const producedAt = new Date().toISOString();
  try {
    const started = Date.now();
    const stream: Writable = await sql
      .unsafe(`COPY ${c.table} (${COLUMNS.join(', ')}) FROM STDIN`)
      .writable();
    const chunkRows = 2000;
    for (let i = 0; i < c.count; ) {
      let chunk = '';
      const end = Math.min(c.count, i + chunkRows);
      for (; i < end; i++) chunk += copyLine(syntheticTick(i, pairs, c.startMs), `bench-${i}`, producedAt);
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    stream.end();
    await once(stream, 'finish');
    return { count: c.count, ms: Date.now() - started };
  } finally {
    await sql.end({ timeout: 5 });
  }
});
