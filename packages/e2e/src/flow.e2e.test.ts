import { testInfra } from '@mdp/local-infra/test-env';
import { type Platform, startPlatform } from './harness/platform';
import { auditPlatform, waitForDatabaseToCatchUp } from './harness/settle';
import { summarizeAudit } from './harness/tick-audit';
import { waitFor } from './harness/wait';

// Simulator → producer → market.ticks.v1 / market.candles.1m.v1 → fixed-sink → PostgreSQL.
describe('market data flow', () => {
  let p: Platform;

  beforeAll(async () => {
    const infra = testInfra();
    p = await startPlatform({
      label: 'flow',
      brokers: infra.kafkaBrokers.join(','),
      serverDatabaseUrl: infra.databaseUrl,
    });
    console.log(`flow: logs in ${p.logDir}`);
  });

  afterAll(async () => {
    await p?.stop();
  });

  test('every tick the simulator streamed is in the database exactly once, within seconds', async () => {
    await waitFor(
      async () => new Set((await p.db.ticks()).map((t) => `${t.base}-${t.quote}`)).size === p.pairs.length,
      {
        what: 'ticks of every pair in the database',
        timeoutMs: 30_000,
        describe: p.tails,
      },
    );
    // Let ticks flow for a while, then take the simulator's newest tick as the bar to reach.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await waitForDatabaseToCatchUp(p, 10_000);

    const audit = await auditPlatform(p);
    console.log(summarizeAudit('flow', audit.ticks));
    console.log(
      `flow: topic ${JSON.stringify({ ...audit.topic, notStored: audit.topic.notStored.length, notOnTopic: audit.topic.notOnTopic.length })}`,
    );
    expect(audit.ticks.missing).toEqual([]);
    expect(audit.ticks.mismatched).toEqual([]);
    expect(audit.ticks.unknown).toEqual([]);
    expect(audit.ticks.duplicates).toBe(0);
    expect(audit.ticks.expected).toBeGreaterThan(20);
    expect(audit.topic.notStored).toEqual([]);
    expect(audit.topic.notOnTopic).toEqual([]);
    // "Within seconds": a generous bound on a loaded 2-core machine, not a speed measurement.
    expect(audit.ticks.latencyMs.max).toBeLessThan(10_000);
  });

  test('candles are stored once per pair and minute, with the simulator values', async () => {
    const candles = await waitFor(
      async () => {
        const rows = await p.db.candles();
        return new Set(rows.map((c) => `${c.base}-${c.quote}`)).size === p.pairs.length && rows;
      },
      { what: 'candles of every pair in the database', timeoutMs: 30_000, describe: p.tails },
    );
    const keys = candles.map((c) => `${c.market}:${c.base}-${c.quote}@${c.start}`);
    expect(new Set(keys).size).toBe(keys.length);

    // Closed minutes must equal what the simulator serves as history for them.
    const currentMinute = Math.floor(Date.now() / 60_000) * 60_000;
    let compared = 0;
    for (const pair of p.pairs) {
      const history = new Map((await p.simulator.histominute(pair, 30)).map((h) => [h.time * 1000, h]));
      for (const c of candles.filter(
        (x) => `${x.base}-${x.quote}` === pair && x.start < currentMinute - 60_000,
      )) {
        const h = history.get(c.start);
        if (!h) continue;
        compared += 1;
        expect({ pair, start: c.start, open: c.open, high: c.high, low: c.low, close: c.close }).toEqual({
          pair,
          start: c.start,
          open: h.open,
          high: h.high,
          low: h.low,
          close: h.close,
        });
      }
    }
    console.log(
      `flow: ${candles.length} candle rows, ${compared} closed minutes compared with the simulator's history`,
    );
    expect(compared).toBeGreaterThan(0);
  });
});
