import { createClient } from '@mdp/client';

/** Live BTC and ETH prices over a WebSocket; reconnects and resumes by itself until closed. */
export async function livePrices(url: string, apiKey: string, count: number): Promise<string[]> {
  const client = createClient({ url, apiKey });
  const stream = client.stream({ kind: 'ticks', symbols: ['BTC', 'ETH'], quote: 'USD' }, { transport: 'ws' });
  stream.on('state', (state) => console.log(`connection: ${state}`));
  stream.on('gap', (gap) => console.warn(`missed ${gap.dropped} messages between ${gap.from} and ${gap.to}`));

  const lines: string[] = [];
  for await (const { data, position } of stream) {
    // data is a PriceTick envelope: { type: 'PriceTick', id, at, data: { base, quote, price, ts, ... } }
    lines.push(`${data.data.base}-${data.data.quote} ${data.data.price} (resume from ${position})`);
    if (lines.length === count) break; // leaving the loop closes the stream
  }
  client.close();
  return lines;
}
