import { testInfra } from '@mdp/local-infra/test-env';
import { type Platform, startPlatform } from './harness/platform';
import { waitForDatabaseToCatchUp } from './harness/settle';
import { auditTicks, summarizeAudit } from './harness/tick-audit';
import { waitFor } from './harness/wait';

// Two sources at once (CryptoCompare's index and Coinbase Exchange, both simulated) through the
// whole platform: each market's ticks audited against the simulator's ground truth on its own.
describe('two sources at once', () => {
  let p: Platform;

  beforeAll(async () => {
    const infra = testInfra();
    p = await startPlatform({
      label: 'two-sources',
      brokers: infra.kafkaBrokers.join(','),
      serverDatabaseUrl: infra.databaseUrl,
      pairs: ['BTC-USD', 'ETH-USD'],
      env: { producer: { PRODUCER_SOURCES: 'cryptocompare,coinbase', COINBASE_PAIRS: 'BTC-USD,ETH-USD' } },
    });
    console.log(`two-sources: logs in ${p.logDir}`);
  });

  afterAll(async () => {
    await p?.stop();
  });

  test('every streamed tick of both markets is in the database exactly once; Coinbase candles have no hole', async () => {
    await waitFor(
      async () =>
        new Set((await p.db.ticks()).map((t) => `${t.market}:${t.base}-${t.quote}`)).size ===
        2 * p.pairs.length,
      { what: 'ticks of every pair of both markets in the database', timeoutMs: 30_000, describe: p.tails },
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await waitForDatabaseToCatchUp(p, 10_000);
    // The Coinbase side travels the same way; give its newest ticks the same few seconds.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const stored = await p.db.ticks();
    for (const [emittedMarket, storedMarket] of [
      ['CCCAGG', 'CCCAGG'],
      ['Coinbase', 'COINBASE'],
    ] as const) {
      const emitted = (await p.simulator.ticks({ market: emittedMarket })).filter((e) =>
        p.pairs.includes(e.pair),
      );
      const audit = auditTicks(
        emitted,
        stored.filter((t) => t.market === storedMarket),
      );
      console.log(summarizeAudit(`two-sources ${storedMarket}`, audit));
      expect(audit.unknown).toEqual([]);
      expect(audit.mismatched).toEqual([]);
      expect(audit.duplicates).toBe(0);
      expect(audit.expected).toBeGreaterThan(10);
      expect(audit.missing).toEqual([]);
    }
    const candles = (await p.db.candles()).filter((c) => c.market === 'COINBASE');
    for (const pair of p.pairs) {
      const starts = candles
        .filter((c) => `${c.base}-${c.quote}` === pair)
        .map((c) => c.start)
        .sort((a, b) => a - b);
      expect(starts.length).toBeGreaterThan(5);
      const first = starts[0] ?? 0;
      const last = starts[starts.length - 1] ?? 0;
      expect(new Set(starts).size).toBe((last - first) / 60_000 + 1);
    }
  });
});
