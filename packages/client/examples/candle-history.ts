import { createClient, type HistoryCandle } from '@mdp/client';

/** A day of BTC-USD minute candles, oldest first, read page by page; and the latest price of each pair. */
export async function candleHistory(url: string, apiKey: string, day: string) {
  const client = createClient({ url, apiKey });
  const query = {
    symbols: ['BTC'],
    quote: 'USD',
    interval: '1m',
    order: 'asc',
    from: `${day}T00:00:00Z`,
    to: `${day}T23:59:59Z`,
    limit: 500,
  } as const;

  const candles: HistoryCandle[] = [];
  for await (const page of client.history.pages((next) => client.history.candles({ ...query, ...next })))
    candles.push(...page);

  const latest = await client.history.latest({ symbols: ['BTC', 'ETH'], quote: 'USD' });
  return { candles, latest: latest.map((tick) => `${tick.base} ${tick.price}`) };
}
